// Chat: an interactive multi-turn chat in the terminal, like `ollama run`, on Ollama.Net's ChatSession.
// Streams the answer token by token, keeps the history (trimmed to the context window, which it shows), shows thinking
// dimmed, and understands
//   /set system <text>   /set think   /set nothink   /show   /undo   /clear   /save <file>   /load <file>   /bye (or Ctrl+D)
//   /?   and """ for multi-line input.
// Ctrl+C stops the current answer; at the prompt it leaves. With redirected input it reads lines until end of input, so a
// script can be piped in:  printf 'Hello\n/bye\n' | dotnet run --project samples/Chat
// Run: dotnet run --project samples/Chat [-- --model qwen3:0.6b] [--system "You are a pirate."] [--offline]
using System.CommandLine;
using Chat;
using Samples.Common;

var app = new SampleApp("Chat", "An interactive multi-turn chat, like `ollama run`.", "qwen2.5:0.5b", OfflineScenarios.Chat);
var systemOption = new Option<string?>("--system") { Description = "A system message to start with (change it later with /set system)." };
app.Command.Options.Add(systemOption);

return await app.RunAsync(
    args,
    (ctx, parse, cancellationToken) => new ChatRepl(ctx, parse.GetValue(systemOption)).RunAsync(cancellationToken),
    handleCtrlC: false);
