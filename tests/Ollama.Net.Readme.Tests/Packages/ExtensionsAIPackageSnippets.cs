using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Ollama.Net.Readme.Tests.Packages;

// The C# blocks of src/Ollama.Net.Extensions.AI/README.md, checked and run by PackageReadmeTests.
internal static class ExtensionsAIPackageSnippets
{
    public static async Task Chat()
    {
        #region snippet:meai-chat
        using var ollama = new OllamaClient();                 // OLLAMA_HOST, default http://127.0.0.1:11434
        IChatClient chat = ollama.AsIChatClient("llama3.2");

        ChatResponse response = await chat.GetResponseAsync("Why is the sky blue?");
        Console.WriteLine(response.Text);
        Console.WriteLine($"{response.Usage?.InputTokenCount} in, {response.Usage?.OutputTokenCount} out");

        await foreach (var update in chat.GetStreamingResponseAsync("Tell me a short story."))
        {
            Console.Write(update.Text);
        }
        #endregion
    }

    public static async Task<ChatResponse> Options(IChatClient chat)
    {
        #region snippet:meai-options
        var options = new ChatOptions
        {
            Temperature = 0.2f,
            MaxOutputTokens = 256,
            Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low },
            AdditionalProperties = new() { ["num_ctx"] = 8192, ["keep_alive"] = "30m" },
        };
        var answer = await chat.GetResponseAsync("Summarize the plot of Hamlet.", options);
        #endregion
        return answer;
    }

    public static async Task<ChatResponse> Tools(OllamaClient ollama)
    {
        #region snippet:meai-tools
        IChatClient client = new ChatClientBuilder(ollama.AsIChatClient("qwen3"))
            .UseFunctionInvocation()
            .Build();

        var weather = AIFunctionFactory.Create(
            ([Description("The city")] string city) => $"Sunny, 24 °C in {city}",
            "get_weather", "Gets the current weather of a city.");

        var reply = await client.GetResponseAsync("What's the weather in Paris?", new ChatOptions { Tools = [weather] });
        #endregion
        return reply;
    }

    public static async Task<(int Count, int Length)> Embeddings(OllamaClient ollama)
    {
        #region snippet:meai-embeddings
        IEmbeddingGenerator<string, Embedding<float>> embedder = ollama.AsIEmbeddingGenerator("nomic-embed-text");

        GeneratedEmbeddings<Embedding<float>> vectors = await embedder.GenerateAsync(["first text", "second text"]);
        ReadOnlyMemory<float> one = await embedder.GenerateVectorAsync("a single text");
        #endregion
        return (vectors.Count, one.Length);
    }

    public static void DependencyInjection(HostApplicationBuilder builder)
    {
        #region snippet:meai-di
        // appsettings.json: { "Ollama": { "Endpoint": "http://gpu-box:11434", "DefaultModel": "llama3.2", "RequestTimeout": "00:05:00" } }
        builder.Services.AddOllamaClient();                    // OllamaClient singleton over IHttpClientFactory

        builder.Services.AddOllamaChatClient()                 // IChatClient (model: argument, else Ollama:DefaultModel)
            .UseFunctionInvocation()
            .UseLogging()
            .UseOpenTelemetry();

        builder.Services.AddOllamaEmbeddingGenerator("nomic-embed-text");
        #endregion
    }

    public static ChatClientMetadata? Keyed(HostApplicationBuilder builder)
    {
        #region snippet:meai-keyed
        builder.Services.AddKeyedOllamaClient("gpu");          // Ollama:gpu:Endpoint ...
        builder.Services.AddKeyedOllamaClient("laptop", o => o.Endpoint = new Uri("http://localhost:11434"));
        builder.Services.AddKeyedOllamaChatClient("gpu", "llama3.3:70b");
        builder.Services.AddKeyedOllamaChatClient("laptop", "qwen2.5:0.5b");

        using IHost host = builder.Build();
        IChatClient small = host.Services.GetRequiredKeyedService<IChatClient>("laptop");   // or [FromKeyedServices("laptop")]
        #endregion
        return small.GetService<ChatClientMetadata>();
    }

    public static void Telemetry(HostApplicationBuilder builder)
    {
        #region snippet:meai-telemetry
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource(OllamaTelemetry.ActivitySourceName))
            .WithMetrics(m => m.AddMeter(OllamaTelemetry.MeterName));
        #endregion
    }
}
