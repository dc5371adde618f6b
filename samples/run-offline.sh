#!/usr/bin/env bash
# Smoke test: runs every sample with --offline (against the simulated OllamaTestServer), each under a timeout, checks
# that it exits with 0 and prints its key lines, and prints one line per sample: "sample <Name>: ok" or
# "sample <Name>: FAILED (<why>)" (followed by the end of its output). Exit code 0 when every sample passes.
#
#   bash samples/run-offline.sh                 # builds the samples (Release), then runs them
#   NO_BUILD=1 bash samples/run-offline.sh      # uses an earlier `dotnet build Ollama.Net.sln -c Release` (CI builds once)
#   SAMPLE_TIMEOUT=300 bash samples/run-offline.sh [Name ...]   # seconds per sample (default 180); only the named samples
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

timeout_s=${SAMPLE_TIMEOUT:-180}
all=(HelloOllama Embeddings PromptEngineering Chat ModelManagement Tools Batch ExtensionsAI Vision Logprobs FillInMiddle WebSearch ImportAdapter VectorStore)
if [ "$#" -gt 0 ]; then samples=("$@"); else samples=("${all[@]}"); fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The key lines each sample must print: "F:<fixed text>" or "E:<extended regex>".
expect() {
  case "$1" in
    HelloOllama) printf '%s\n' 'F:answers are simulated' 'F:Why is the sky blue?' 'F:tokens/s' 'F:Thinking levels (qwen3:0.6b)' \
      'F:think: "low"' 'F:r at 3, 8, 9. Three.' 'F:think: "high"' 'F:Both counts' 'E:high +│ +76 words' ;;
    Embeddings) printf '%s\n' 'F:answers are simulated' 'F:Pairwise cosine similarity' 'F:念奴娇·赤壁怀古' 'F:沁园春·雪' \
      'E:^赤壁怀古 +██ 1\.000' 'F:scale: -0.044 ····░░░░' 'F:Most similar:' 'F:Indexed 34 sentences' 'F:Query: 思念远方的亲人' ;;
    PromptEngineering) printf '%s\n' 'F:answers are simulated' 'F:Is Tesla an AI-native company?' 'F:Definition of "AI-native company"' \
      'F:Task: Calculate 3666 × 5444.' 'F:Think step by step' 'F:Parsed answer: 19957704 ✓ correct' 'F:✗ expected 19957704' \
      'F:Input: 5023512004' 'F:Parsed answer: 3 ✓ correct' 'F:re-asking with a correction' 'F:Parsed answer: 8' \
      'F:Do not explain your choice.' 'F:Parsed answer: sorrowful ✓ correct' 'F:你是一位耐心的古诗词老师。' 'F:Genghis Khan' \
      'F:Solve the problem in these steps:' 'F:Parsed answer: 9.9 ✓ correct' 'F:Summary' ;;
    Chat) printf '%s\n' 'F:answers are simulated' 'F:>>> Hello' 'F:Thinking...' 'F:...done thinking.' 'F:Set system message.' \
      'F:The system message says: "You are a pirate."' 'F:Removed the last exchange.' 'F:Saved 2 messages to' \
      'F:Cleared session context.' 'F:This is the start of our conversation. The system message' 'F:Loaded 2 messages from' \
      'E:history +│ 2 messages' 'F:Bye.' ;;
    ModelManagement) printf '%s\n' 'F:answers are simulated' 'F:Installed models (3)' 'F:Pulled qwen2.5:0.5b: 3 layers' 'F:LAYER' \
      'F:Loaded models (1)' 'F:Copied qwen2.5:0.5b to qwen2.5-ollama-net-copy:0.5b' 'F:Installed models (4)' \
      'F:Deleted qwen2.5-ollama-net-copy:0.5b' ;;
    Tools) printf '%s\n' 'F:answers are simulated' 'F:What is 3666 × 5444?' 'F:calculator("3666 * 5444") → 19957704' \
      'F:Tool-checked answer: 3666 × 5444 = 19957704.' 'F:calculator("9.9 > 9.11") → true' 'F:Unaided vs tool-checked' \
      'F:PoemFacts' 'E:Year +│ 1082' 'F:Zhou Yu, Xiao Qiao' ;;
    Batch) printf '%s\n' 'F:answers are simulated' 'F:AI原生公司' 'F:输入：OpenAI' 'F:retrying in' 'F:re-asked' 'F:giving up' \
      'E:百度 \(Baidu\) +│ +7 .*ok \(after 1 retry\)' 'E:贵州茅台 \(Kweichow Moutai\) .*FAILED' 'F:11 scored, 1 failed' ;;
    VectorStore) printf '%s\n' 'F:answers are simulated' 'F:Stored 34 sentences of 4 poems' 'F:Query: 思念远方的亲人' \
      'F:Only 苏轼: 古代的英雄人物' 'F:Poems by 苏轼: 念奴娇·赤壁怀古、水调歌头·明月几时有' 'F:is refused at once' ;;
    ExtensionsAI) printf '%s\n' 'F:answers are simulated' 'F:tool call: calculator(expression: 3666 * 5444)' 'F:tool result: 19957704' \
      'F:Answer: 3666 × 5444 = 19957704.' 'F:tool result: true' 'E:Activity.DisplayName: +execute_tool calculator' \
      'E:Activity.DisplayName: +orchestrate_tools' 'F:LoggingChatClient[' 'F:Metric Name: gen_ai.client.operation.duration' ;;
    Vision) printf '%s\n' 'F:answers are simulated' 'E:house\.png +│ PNG, 320 × 200 +│ +3,034' 'F:1 picture(s) attached' \
      'F:small cream-coloured house with a red roof' 'F:prompt tokens (the picture counts too)' ;;
    Logprobs) printf '%s\n' 'F:answers are simulated' 'F:The capital of Australia is Canberra.' \
      'E:" Canberra" +│ +81 % │ " Sydney" 15 %, " Melbourne" 2.7 %' 'F:Least sure: " Canberra" at 81 %' 'F:输入：科大讯飞' \
      'F:Score: 8' 'F:The model was 63 % sure of 8; next came 7 at 20 %.' 'F:Probability-weighted score: 7.8' ;;
    FillInMiddle) printf '%s\n' 'F:answers are simulated' 'F:static long Fibonacci(int n)' \
      'F:        (previous, current) = (current, previous + current);' 'F:Console.WriteLine(Fibonacci(10)); // 55' 'F:tokens written' ;;
    WebSearch) printf '%s\n' 'F:answers are simulated' 'F:> What are the three biggest news stories today?' \
      'F:Thinking: The user asks about today' 'F:web_search({"query":"top news today","max_results":3})' \
      'F:[1] top news today - Overview <https://example.com/top-news-today/1>' 'F:web_fetch({"url":"https://example.com/top-news-today/3"})' \
      'F:"example.com - simulated page" <https://example.com/top-news-today/2>: 91 characters' \
      'F:3. This is simulated content fetched from https://example.com/top-news-today/3.' 'F:[1 search(es), 3 page(s) read;' \
      'F:set OLLAMA_API_KEY to a key from https://ollama.com/settings/keys, or sign your Ollama in with `ollama signin`' ;;
    ImportAdapter) printf '%s\n' 'F:answers are simulated' 'F:Wrote base.gguf: a tiny llama model (12 tensors' \
      'F:Wrote adapter.gguf: a rank-4 LoRA adapter (llama)' 'F:uploaded base.gguf (113 KB)' 'F:uploaded adapter.gguf (3 KB)' \
      'F:parsing GGUF' 'F:validating GGUF model' 'F:writing manifest' 'F:Created ollama-net-poetry-tutor' \
      'E:ADAPTER /root/.ollama/models/blobs/sha256-[0-9a-f]{64}' 'F:SYSTEM """你是一位耐心的古诗词老师' 'F:PARAMETER temperature 0.3' \
      'F:出自北宋苏轼的《水调歌头·明月几时有》' 'F:Deleted ollama-net-poetry-tutor (3 models left).' ;;
  esac
}

# Extra arguments and standard input of each sample.
run_sample() {
  local name=$1 log=$2
  local args=(--offline) input=/dev/null
  case "$name" in
    Chat)
      input="$work/chat-script.txt"
      printf '%s\n' 'Hello there!' '/set system You are a pirate.' 'What is the moon?' '/undo' "/save $work/chat.json" '/clear' \
        'Why is the sky blue?' "/load $work/chat.json" '/show' '/bye' > "$input" ;;
    Batch) args+=(--output "$work/scores.csv") ;;
  esac
  timeout --kill-after=10 "$timeout_s" dotnet run --no-build -c Release --project "samples/$name" -- "${args[@]}" < "$input" > "$log" 2>&1
}

# Checks beyond the output, per sample; prints a reason and fails when something is wrong.
extra_checks() {
  case "$1" in
    Batch)
      local csv="$work/scores.csv"
      [ -f "$csv" ] || { echo "no CSV written"; return 1; }
      [ "$(wc -l < "$csv")" -eq 13 ] || { echo "the CSV has $(wc -l < "$csv") lines, expected a header and 12 rows"; return 1; }
      grep -q '^贵州茅台 (Kweichow Moutai),,failed,3,2,' "$csv" || { echo "the CSV lacks the failed company"; return 1; }
      ;;
  esac
  return 0
}

if [ "${NO_BUILD:-0}" != "1" ]; then
  for name in "${samples[@]}"; do
    if ! dotnet build "samples/$name" -c Release -nologo -v q -tl:off < /dev/null > "$work/build-$name.log" 2>&1; then
      echo "sample $name: FAILED (build)"; tail -n 30 "$work/build-$name.log"; exit 1
    fi
  done
fi

failures=0
for name in "${samples[@]}"; do
  log="$work/$name.log"
  start=$(date +%s)
  run_sample "$name" "$log"
  rc=$?
  seconds=$(( $(date +%s) - start ))
  reason=""
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    reason="timed out after ${timeout_s} s"
  elif [ "$rc" -ne 0 ]; then
    reason="exit code $rc"
  else
    while IFS= read -r check; do
      [ -n "$check" ] || continue
      pattern=${check#?:}
      if [ "${check:0:1}" = "E" ]; then
        grep -Eq -- "$pattern" "$log" || { reason="missing /$pattern/"; break; }
      else
        grep -Fq -- "$pattern" "$log" || { reason="missing \"$pattern\""; break; }
      fi
    done < <(expect "$name")
    if [ -z "$reason" ]; then
      reason=$(extra_checks "$name") || true
    fi
  fi

  if [ -z "$reason" ]; then
    echo "sample $name: ok (${seconds} s)"
  else
    failures=$((failures + 1))
    echo "sample $name: FAILED ($reason)"
    echo "---- last lines of $name's output ----"
    tail -n 40 "$log"
    echo "----"
  fi
done

[ "$failures" -eq 0 ]
