using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;
using Ollama.Net;
using Ollama.Net.Numerics;
using Ollama.Net.Prompts;
using Ollama.Net.Readme.Tests.Packages;
using Ollama.Net.Testing;
using Ollama.Net.VectorData;

namespace Ollama.Net.Readme.Tests;

// The README's C# blocks live here between "#region snippet:<name>" and "#endregion", so they compile with the
// solution. ReadmeTests checks that each README block marked <!-- snippet: name --> equals its region, and runs
// every snippet against OllamaTestServer.
public static class Snippets
{
    public static async Task Chat(OllamaClient client)
    {
        #region snippet:chat
        ChatResult reply = await client.ChatAsync(new ChatRequest("qwen2.5:0.5b", Message.User("Why is the sky blue?")));
        Console.WriteLine(reply.Message.Content);
        Console.WriteLine($"{reply.EvalCount} tokens at {reply.TokensPerSecond:F1} tokens/s");
        #endregion
    }

    public static async Task Streaming(OllamaClient client)
    {
        #region snippet:streaming
        var request = new ChatRequest("qwen3:0.6b", Message.User("How many r's are in 'strawberry'?"))
        {
            Think = ThinkValue.Enabled,
        };
        await foreach (ChatUpdate update in client.ChatStreamingAsync(request))
        {
            Console.Write(update.Message.Thinking);   // reasoning first (thinking models)
            Console.Write(update.Message.Content);    // then the answer, token by token
            if (update.Done)
            {
                Console.WriteLine($"\n[{update.DoneReason}] {update.TotalDuration}");
            }
        }
        #endregion
    }

    public static async Task<string> Conversation(OllamaClient client)
    {
        #region snippet:conversation
        var session = new ChatSession(client, "qwen2.5:0.5b", "You are a careful assistant. Use the tools for arithmetic.");
        session.Tools.Add(ChatTool.Create("multiply", "Multiplies two integers exactly.", ReadmeJson.Default.MultiplyArgs,
            args => ((long)args.A * args.B).ToString()));   // the tool checks the model's arithmetic

        ChatResult answer = await session.SendAsync("What is 3666 × 5444?");   // runs the tool call, sends the result back
        Console.WriteLine(answer.Message.Content);
        ChatResult more = await session.SendAsync("And half of that?");       // the history goes along
        Console.WriteLine(more.Message.Content);
        #endregion
        return answer.Message.Content + "|" + more.Message.Content;
    }

    public static async Task<string> Tools(OllamaClient client)
    {
        #region snippet:tools
        Tool multiply = Tool.FromType("multiply", "Multiplies two integers exactly.", ReadmeJson.Default.MultiplyArgs);
        var history = new List<Message> { Message.User("What is 3666 × 5444?") };

        ChatResult first = await client.ChatAsync(new ChatRequest("qwen2.5:0.5b", history) { Tools = [multiply] });
        history.Add(first.Message);
        foreach (ToolCall call in first.Message.ToolCalls ?? [])
        {
            MultiplyArgs args = call.GetArguments(ReadmeJson.Default.MultiplyArgs);
            long product = (long)args.A * args.B;
            history.Add(Message.Tool(product.ToString(), call.Function.Name, call.Id));
        }

        ChatResult answer = await client.ChatAsync(new ChatRequest("qwen2.5:0.5b", history));
        Console.WriteLine(answer.Message.Content);
        #endregion
        return answer.Message.Content;
    }

    public static async Task<CityInfo> StructuredOutput(OllamaClient client)
    {
        #region snippet:structured
        // The JSON schema is generated from CityInfo and sent as "format"; the answer is parsed back into CityInfo.
        ChatResult<CityInfo> result = await client.ChatAsync(
            new ChatRequest("qwen2.5:0.5b", Message.User("Tell me about Hangzhou.")),
            ReadmeJson.Default.CityInfo);
        CityInfo city = result.Value;
        Console.WriteLine($"{city.Name}: {city.Population:N0} people, {city.Province}");
        #endregion
        return city;
    }

    public static async Task VectorStore(OllamaClient client)
    {
        #region snippet:vectorstore
        // Poem: [VectorStoreKey] int Id, [VectorStoreData] string Author and Title, [VectorStoreVector(384)] string Text.
        using var store = new EmbeddingIndexVectorStore(new() { EmbeddingGenerator = client.AsIEmbeddingGenerator("all-minilm") });
        VectorStoreCollection<int, Poem> poems = store.GetCollection<int, Poem>("poems");
        await poems.EnsureCollectionExistsAsync();
        await poems.UpsertAsync(
        [
            new Poem { Id = 1, Author = "苏轼", Title = "水调歌头", Text = "明月几时有？把酒问青天。" },
            new Poem { Id = 2, Author = "苏轼", Title = "念奴娇·赤壁怀古", Text = "大江东去，浪淘尽，千古风流人物。" },
            new Poem { Id = 3, Author = "李清照", Title = "声声慢", Text = "寻寻觅觅，冷冷清清，凄凄惨惨戚戚。" },
        ]);

        var bySuShi = new VectorSearchOptions<Poem> { Filter = p => p.Author == "苏轼" };   // checked, then applied before the scan
        await foreach (VectorSearchResult<Poem> hit in poems.SearchAsync("明月", top: 2, bySuShi))
        {
            Console.WriteLine($"{hit.Score:F3}  {hit.Record.Title}");
        }
        #endregion
    }

    public static async Task<SearchHit<string>[]> EmbeddingsAndSearch(OllamaClient client)
    {
        #region snippet:embeddings
        string[] poems = ["大江东去，浪淘尽，千古风流人物。", "明月几时有？把酒问青天。", "寻寻觅觅，冷冷清清，凄凄惨惨戚戚。"];
        EmbedResult embedded = await client.EmbedAsync("all-minilm", poems);   // one contiguous float buffer

        float similarity = EmbeddingMath.CosineSimilarity(embedded.Embeddings[0].Span, embedded.Embeddings[1].Span);
        Console.WriteLine($"cos(poem 0, poem 1) = {similarity:F3}");

        using var index = new EmbeddingIndex<string>(embedded.Dimensions);
        index.AddRange(poems, embedded.Embeddings);
        EmbedResult query = await client.EmbedAsync("all-minilm", "明月");
        foreach (SearchHit<string> hit in index.Search(query.Embeddings[0].Span, k: 2))
        {
            Console.WriteLine($"{hit.Score:F3}  {hit.Key}");
        }
        #endregion
        return index.Search(query.Embeddings[0].Span, k: 2);
    }

    public static async Task<int> BulkEmbedding(OllamaClient client, string[] documents)
    {
        #region snippet:bulk-embedding
        // Thousands of texts: batches of 64, two requests at a time, each batch retried; all or nothing, in input order.
        using var library = new EmbeddingIndex<int>(dimensions: 384);
        var progress = new Progress<EmbedProgress>(p => Console.Write($"\r{p}"));   // 640/1000 texts (10/16 batches)
        await client.EmbedInBatchesAsync(
            library, keys: [.. Enumerable.Range(0, documents.Length)], new EmbedRequest("all-minilm", documents),
            new EmbedBatchOptions { BatchSize = 64, MaxConcurrency = 2 }, progress);
        #endregion
        return library.Count;
    }

    public static async Task<string> Retries(Uri endpoint)
    {
        #region snippet:retries
        // One client: calls that fail before their response starts are sent again (refused, reset, 429, 503 busy, 5xx).
        using var client = new OllamaClient(new OllamaClientOptions
        {
            Endpoint = endpoint,
            Retry = new OllamaRetryOptions { MaxRetryAttempts = 3, Delay = TimeSpan.FromSeconds(1) },
        });
        ServerVersion version = await client.GetVersionAsync();

        // Through IHttpClientFactory: the same rules as a handler, without timeouts that cut model loads.
        var services = new ServiceCollection();
        services.AddOllamaClient(options => options.Endpoint = endpoint)
            .AddOllamaResilienceHandler(retry => retry.MaxRetryAttempts = 5);   // not AddStandardResilienceHandler()
        #endregion
        await using var provider = services.BuildServiceProvider();
        var viaFactory = await provider.GetRequiredService<OllamaClient>().GetVersionAsync();
        return $"{version.Version}|{viaFactory.Version}";
    }

    public static async Task<int> Prompts(OllamaClient client)
    {
        #region snippet:prompts
        Prompt prompt = new PromptBuilder(PromptLanguage.Chinese)
            .WithRole("一名资深的行业分析师")
            .AddDefinition("AI原生公司", "核心产品和收入都建立在人工智能之上的公司")
            .WithTask("根据上面的定义，给这家公司打分")
            .WithInput("Acme 机器人公司")
            .WithOutputFormat(FormatConstraint.Integer(1, 10))
            .WithoutReasons()
            .Build();

        // Asks, parses "8分" / "评分：8" / "Score: 8/10" into an int, and re-asks when the answer does not parse.
        ReaskResult<int> score = await client.AskAsync(prompt, "qwen2.5:0.5b", FormatConstraint.Integer(1, 10));
        Console.WriteLine(score.IsSuccess ? $"score {score.Value} after {score.Attempts.Count} attempt(s)" : score.LastResult.Error);
        #endregion
        return score.Value;
    }

    public static async Task ModelManagement(OllamaClient client)
    {
        #region snippet:models
        var progress = new Progress<ModelTransferProgress>(p =>
            Console.WriteLine($"{p.Status}: {p.CompletedBytes:N0}/{p.TotalBytes:N0} bytes, {p.CompletedLayers}/{p.LayerCount} layers"));
        await client.PullModelAsync("all-minilm", progress);

        foreach (LocalModel model in (await client.ListModelsAsync()).Models)
        {
            Console.WriteLine($"{model.Name,-24} {model.Size / 1e6,8:F0} MB  {model.Details.ParameterSize}");
        }

        ShowModelResult info = await client.ShowModelAsync("all-minilm");
        Console.WriteLine(string.Join(", ", info.Capabilities ?? []));
        await client.CopyModelAsync("all-minilm", "my-embedder");
        await client.DeleteModelAsync("my-embedder");
        #endregion
    }

    public static async Task<string> ExtensionsAI(OllamaClient ollama)
    {
        #region snippet:meai
        IChatClient chat = ollama.AsIChatClient("qwen2.5:0.5b")
            .AsBuilder()
            .UseFunctionInvocation()   // runs the tool calls and sends the results back
            .Build();

        var options = new ChatOptions
        {
            Tools = [AIFunctionFactory.Create((int a, int b) => a * b, "multiply", "Multiplies two integers")],
        };
        ChatResponse response = await chat.GetResponseAsync("What is 3666 × 5444?", options);
        Console.WriteLine(response.Text);

        IEmbeddingGenerator<string, Embedding<float>> embedder = ollama.AsIEmbeddingGenerator("all-minilm");
        Embedding<float> vector = await embedder.GenerateAsync("明月几时有");
        #endregion
        return $"{response.Text}|{vector.Vector.Length}";
    }

    public static async Task<string> DependencyInjection(IConfiguration configuration)
    {
        #region snippet:di
        // appsettings.json: { "Ollama": { "Endpoint": "gpu-box:11434", "DefaultModel": "qwen2.5:0.5b" } }
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddOllamaClient(options => options.RequestTimeout = TimeSpan.FromMinutes(5)); // binds "Ollama"; IHttpClientFactory
        services.AddOllamaChatClient().UseFunctionInvocation();                                // IChatClient over it
        await using var provider = services.BuildServiceProvider();

        OllamaClient client = provider.GetRequiredService<OllamaClient>();
        IChatClient chat = provider.GetRequiredService<IChatClient>();
        ChatResponse answer = await chat.GetResponseAsync("Hello!");
        #endregion
        return $"{client.Endpoint}|{answer.Text}";
    }

    public static async Task<string> SeveralServers(string gpu1, string gpu2)
    {
        #region snippet:router
        // gpu1 = "gpu1:11434", gpu2 = "http://10.0.0.2:11434": any OLLAMA_HOST form
        var options = new OllamaRouterOptions();
        options.Servers.Add(new OllamaServerOptions(gpu1) { MaxConcurrentRequests = 8 }); // OLLAMA_NUM_PARALLEL × loaded models
        options.Servers.Add(new OllamaServerOptions(gpu2) { MaxConcurrentRequests = 8 });
        using var router = new OllamaRouter(options); // an OllamaClient: chat, embed, AskAsync, IChatClient... unchanged

        ChatResult reply = await router.ChatAsync(new ChatRequest("qwen2.5:0.5b", Message.User("Hi"))); // where it is loaded
        await router.PullModelAsync("all-minilm");    // on every server; an error names each server that failed
        foreach (OllamaServer server in router.Servers)
        {
            Console.WriteLine($"{server.Endpoint}: loaded {string.Join(", ", server.LoadedModels)}; available: {server.IsAvailable}");
        }
        #endregion
        return reply.Message.Content;
    }

    public static async Task<string> Testing()
    {
        #region snippet:testing
        await using var server = await OllamaTestServer.StartAsync();
        server.Models.Add(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", new ScriptedReply { Content = "Hello from the test server!", ChunkSize = 4 });

        using var client = new OllamaClient(server.Endpoint);
        ChatResult reply = await client.ChatAsync(new ChatRequest("qwen2.5:0.5b", Message.User("Hi")));

        Assert.Equal("Hello from the test server!", reply.Message.Content);
        Assert.Single(server.Requests, r => r.Path == "/api/chat");
        #endregion
        return reply.Message.Content;
    }
}

/// <summary>Arguments of the README's calculator tool.</summary>
public sealed record MultiplyArgs([property: Description("The first factor")] int A, [property: Description("The second factor")] int B);

/// <summary>The README's structured-output record.</summary>
public sealed record CityInfo(string Name, string Province, long Population);

[JsonSerializable(typeof(MultiplyArgs))]
[JsonSerializable(typeof(CityInfo))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
public partial class ReadmeJson : JsonSerializerContext;
