// HelloOllama: the smallest useful Ollama.Net program.
// Talks to the server at OLLAMA_HOST (default http://127.0.0.1:11434), prints its version, then streams a short chat
// answer token by token. Run: dotnet run --project samples/HelloOllama
using Ollama.Net;

const string Model = "qwen2.5:0.5b";
Console.OutputEncoding = System.Text.Encoding.UTF8;

OllamaClient client;
try
{
    client = new OllamaClient(); // honours OLLAMA_HOST and OLLAMA_API_KEY
}
catch (FormatException ex)
{
    Console.WriteLine($"OLLAMA_HOST is not usable: {ex.Message}");
    return 1;
}

using (client)
{
    try
    {
        // A quick liveness check: a server that does not answer in 10 seconds is treated as absent.
        using var versionTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var version = await client.GetVersionAsync(versionTimeout.Token);
        Console.WriteLine($"Connected to Ollama {version.Version} at {client.Endpoint.AbsoluteUri.TrimEnd('/')}");
    }
    catch (Exception ex) when (ex is OperationCanceledException || (ex is OllamaException { StatusCode: null } && ex.InnerException is HttpRequestException))
    {
        Console.WriteLine($"No Ollama server answered at {client.Endpoint.AbsoluteUri.TrimEnd('/')}; start one with 'ollama serve' or set OLLAMA_HOST to a running server.");
        return 0;
    }

    var request = new ChatRequest(Model,
        Message.System("You are a friendly assistant. Answer in one or two sentences."),
        Message.User("Why is the sky blue?"));

    Console.WriteLine($"> {request.Messages[^1].Content}");
    try
    {
        await foreach (var update in client.ChatStreamingAsync(request))
        {
            Console.Write(update.Message.Content);
            if (update.Done)
            {
                Console.WriteLine();
                Console.WriteLine($"[{update.DoneReason}: {update.EvalCount} tokens in {update.TotalDuration?.TotalSeconds:F1} s, {update.TokensPerSecond:F1} tokens/s]");
            }
        }
    }
    catch (OllamaModelNotFoundException)
    {
        Console.WriteLine($"The model {Model} is not installed on that server; run 'ollama pull {Model}' and try again.");
        return 1;
    }
    catch (OllamaException ex)
    {
        Console.WriteLine($"Ollama error: {ex.Message}");
        return 1;
    }
}

return 0;
