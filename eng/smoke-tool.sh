#!/usr/bin/env bash
# Smoke test of an ollama-test-server build, as a user runs it from a shell:
#   eng/smoke-tool.sh NAME COMMAND [ARGS...]     e.g. eng/smoke-tool.sh aot artifacts/tool/ollama-test-server
# Starts it on a free port with a request log, scripts a reply through the control API, reads it back with curl as a
# chat, checks a control API error, stops it with SIGTERM, and expects exit code 0 and one request in the log.
# Prints "tool smoke (NAME): ok" or "tool smoke (NAME): FAILED: why".
set -uo pipefail
name=$1; shift
work=$(mktemp -d)
pid=""
fail() {
  echo "tool smoke ($name): FAILED: $*"
  echo "-- stdout:"; cat "$work/out" 2>/dev/null; echo "-- stderr:"; cat "$work/err" 2>/dev/null
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  exit 1
}

"$@" --port 0 --preset empty --model qwen2.5:0.5b --request-log "$work/requests.ndjson" >"$work/out" 2>"$work/err" &
pid=$!
address=""
for _ in $(seq 1 600); do # a hang guard of 60 s for the start
  address=$(sed -n 's/^Listening on //p' "$work/out" | head -n 1)
  [ -n "$address" ] && break
  kill -0 "$pid" 2>/dev/null || fail "exited before listening"
  sleep 0.1
done
[ -n "$address" ] || fail "no 'Listening on' line"

curl -sf -X POST "$address/_test/replies" -d '{"model":"qwen2.5:0.5b","content":"Smoke: ok."}' >/dev/null || fail "POST /_test/replies"
answer=$(curl -sf "$address/api/chat" -d '{"model":"qwen2.5:0.5b","stream":false,"messages":[{"role":"user","content":"hi"}]}') || fail "POST /api/chat"
grep -q '"content":"Smoke: ok."' <<<"$answer" || fail "unexpected chat answer: $answer"
status=$(curl -s -o "$work/error" -w '%{http_code}' -X POST "$address/_test/faults" -d '{"path":"/api/chat"}')
[ "$status" = 400 ] && grep -q 'the fault does nothing' "$work/error" || fail "control API error: $status $(cat "$work/error")"

kill -TERM "$pid"
wait "$pid"; code=$?; pid=""
[ "$code" -eq 0 ] || fail "exit code $code after SIGTERM"
grep -qx 'Stopping.' "$work/out" || fail "no 'Stopping.' line"
[ "$(wc -l <"$work/requests.ndjson")" -eq 1 ] && grep -q '"path":"/api/chat"' "$work/requests.ndjson" || fail "request log: $(cat "$work/requests.ndjson")"
echo "tool smoke ($name): ok"
rm -rf "$work"
