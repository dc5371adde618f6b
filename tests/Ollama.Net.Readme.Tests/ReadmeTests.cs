using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Ollama.Net.Testing;

namespace Ollama.Net.Readme.Tests;

public sealed partial class ReadmeTests
{
    private static readonly string RepositoryRoot = RepositoryPaths.Root;

    [Fact]
    public void Every_readme_snippet_matches_the_compiled_code()
    {
        var readme = ReadmeBlocks();
        var code = SnippetRegions();

        Assert.NotEmpty(readme);
        foreach (var (name, block) in readme)
        {
            Assert.True(code.TryGetValue(name, out var region), $"README snippet '{name}' has no '#region snippet:{name}' in Snippets.cs.");
            Assert.Equal(region, block);
        }

        var missing = code.Keys.Except(readme.Keys).ToArray();
        Assert.True(missing.Length == 0, $"Snippets not shown in the README: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task Chat_snippet_runs()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", ScriptedReply.Text("Rayleigh scattering."));
        using var client = new OllamaClient(server.Endpoint);

        await Snippets.Chat(client);

        Assert.Single(server.Requests, r => r.Path == "/api/chat");
    }

    [Fact]
    public async Task Streaming_snippet_sends_think_and_reads_to_done()
    {
        await using var server = await StartAsync(new TestModel("qwen3:0.6b") { Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Thinking });
        server.Replies.Enqueue("qwen3:0.6b", new ScriptedReply { Thinking = "s-t-r-a-w-b-e-r-r-y", Content = "Three.", ChunkSize = 3 });
        using var client = new OllamaClient(server.Endpoint);

        await Snippets.Streaming(client);

        var body = server.Requests.Single(r => r.Path == "/api/chat").Json!.Value;
        Assert.True(body.GetProperty("think").GetBoolean());
        Assert.True(body.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Conversation_snippet_runs_the_tool_and_keeps_the_history()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b") { Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools });
        server.Replies
            .Enqueue("qwen2.5:0.5b", new ScriptedReply { ToolCalls = [new ScriptedToolCall("multiply", new JsonObject { ["a"] = 3666, ["b"] = 5444 }) { Id = "call_1" }] })
            .Enqueue("qwen2.5:0.5b", ScriptedReply.Text("3666 × 5444 = 19957704"))
            .Enqueue("qwen2.5:0.5b", ScriptedReply.Text("Half of it is 9978852."));
        using var client = new OllamaClient(server.Endpoint);

        var answers = await Snippets.Conversation(client);

        Assert.Equal("3666 × 5444 = 19957704|Half of it is 9978852.", answers);
        var chats = server.Requests.Where(r => r.Path == "/api/chat").Select(r => r.Json!.Value.GetProperty("messages")).ToList();
        Assert.Equal(3, chats.Count);
        var toolMessage = chats[1][3];
        Assert.Equal("tool", toolMessage.GetProperty("role").GetString());
        Assert.Equal("19957704", toolMessage.GetProperty("content").GetString());
        Assert.Equal("multiply", toolMessage.GetProperty("tool_name").GetString());
        Assert.Equal("call_1", toolMessage.GetProperty("tool_call_id").GetString());
        Assert.Equal(
            ["system", "user", "assistant", "tool", "assistant", "user"],
            chats[2].EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("And half of that?", chats[2][5].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Tools_snippet_answers_with_the_tool_result()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b") { Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools });
        server.Replies
            .Enqueue("qwen2.5:0.5b", new ScriptedReply { ToolCalls = [new ScriptedToolCall("multiply", new JsonObject { ["a"] = 3666, ["b"] = 5444 })] })
            .Enqueue("qwen2.5:0.5b", ScriptedReply.Text("3666 × 5444 = 19957704"));
        using var client = new OllamaClient(server.Endpoint);

        var answer = await Snippets.Tools(client);

        Assert.Contains("19957704", answer);
        var second = server.Requests.Last(r => r.Path == "/api/chat").Json!.Value.GetProperty("messages");
        var toolMessage = second[2];
        Assert.Equal("tool", toolMessage.GetProperty("role").GetString());
        Assert.Equal("19957704", toolMessage.GetProperty("content").GetString());
        Assert.Equal("multiply", toolMessage.GetProperty("tool_name").GetString());
    }

    [Fact]
    public async Task Structured_output_snippet_parses_the_record()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", ScriptedReply.Text("""{"name":"Hangzhou","province":"Zhejiang","population":12376000}"""));
        using var client = new OllamaClient(server.Endpoint);

        var city = await Snippets.StructuredOutput(client);

        Assert.Equal(new CityInfo("Hangzhou", "Zhejiang", 12_376_000), city);
        var format = server.Requests.Single(r => r.Path == "/api/chat").Json!.Value.GetProperty("format");
        Assert.Equal("object", format.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Embeddings_snippet_finds_the_moon_poem_first()
    {
        await using var server = await StartAsync(new TestModel("all-minilm") { Capabilities = TestModelCapabilities.Embedding });
        using var client = new OllamaClient(server.Endpoint);

        var hits = await Snippets.EmbeddingsAndSearch(client);

        Assert.Equal(2, hits.Length);
        Assert.Equal("明月几时有？把酒问青天。", hits[0].Key);
    }

    [Fact]
    public async Task Bulk_embedding_snippet_fills_the_index_in_batches()
    {
        await using var server = await StartAsync(new TestModel("all-minilm") { Capabilities = TestModelCapabilities.Embedding, EmbeddingLength = 384 });
        using var client = new OllamaClient(server.Endpoint);
        string[] documents = [.. Enumerable.Range(0, 200).Select(i => $"document {i}")];

        Assert.Equal(200, await Snippets.BulkEmbedding(client, documents));
        Assert.Equal(4, server.Requests.Count(r => r.Path == "/api/embed"));
    }

    [Fact]
    public async Task Retries_snippet_survives_a_busy_server()
    {
        await using var server = await OllamaTestServer.StartAsync();
        server.Faults.Next(Fault.Busy()); // the snippet waits about a second before its retry

        var versions = await Snippets.Retries(server.Endpoint);

        Assert.Matches(@"^(\d+\.\d+\.\d+)\|\1$", versions);
        Assert.Equal([503, 200, 200], server.Requests.Select(r => r.StatusCode ?? 0));
    }

    [Fact]
    public async Task Vector_store_snippet_finds_the_moon_poem_among_Su_Shi_poems()
    {
        await using var server = await StartAsync(new TestModel("all-minilm") { Capabilities = TestModelCapabilities.Embedding });
        using var client = new OllamaClient(server.Endpoint);

        var printed = await Packages.ConsoleCapture.RunAsync(() => Snippets.VectorStore(client));

        Assert.Equal(["水调歌头", "念奴娇·赤壁怀古"], printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ")[1].Trim()));
    }

    [Fact]
    public async Task Prompts_snippet_parses_a_chinese_score()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", ScriptedReply.Text("评分：8分"));
        using var client = new OllamaClient(server.Endpoint);

        Assert.Equal(8, await Snippets.Prompts(client));
    }

    [Fact]
    public async Task Model_management_snippet_pulls_lists_shows_copies_and_deletes()
    {
        await using var server = await OllamaTestServer.StartAsync();
        server.Registry.Add(new TestModel("all-minilm") { Capabilities = TestModelCapabilities.Embedding, LayerSizes = [45_000_000, 7_000] });
        using var client = new OllamaClient(server.Endpoint);

        await Snippets.ModelManagement(client);

        Assert.Equal(
            ["/api/pull", "/api/tags", "/api/show", "/api/copy", "/api/delete"],
            server.Requests.Select(r => r.Path).ToArray());
        Assert.Contains(server.Models, m => m.Name.StartsWith("all-minilm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extensions_ai_snippet_invokes_the_tool_and_embeds()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b") { Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools });
        server.Models.Add(new TestModel("all-minilm") { Capabilities = TestModelCapabilities.Embedding });
        server.Replies
            .Enqueue("qwen2.5:0.5b", new ScriptedReply { ToolCalls = [new ScriptedToolCall("multiply", new JsonObject { ["a"] = 3666, ["b"] = 5444 })] })
            .Enqueue("qwen2.5:0.5b", ScriptedReply.Text("3666 × 5444 = 19957704"));
        using var client = new OllamaClient(server.Endpoint);

        var result = await Snippets.ExtensionsAI(client);

        Assert.StartsWith("3666 × 5444 = 19957704|", result, StringComparison.Ordinal);
        var toolMessage = server.Requests.Last(r => r.Path == "/api/chat").Json!.Value.GetProperty("messages")[2];
        Assert.Equal("19957704", toolMessage.GetProperty("content").GetString());
        Assert.Single(server.Requests, r => r.Path == "/api/embed");
    }

    [Fact]
    public async Task Dependency_injection_snippet_binds_the_configuration()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", ScriptedReply.Text("Hi!"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ollama:Endpoint"] = server.Endpoint.ToString(),
                ["Ollama:DefaultModel"] = "qwen2.5:0.5b",
            })
            .Build();

        var result = await Snippets.DependencyInjection(configuration);

        Assert.Equal($"{server.Endpoint}|Hi!", result);
        Assert.Equal("qwen2.5:0.5b", server.Requests.Single(r => r.Path == "/api/chat").Json!.Value.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Several_servers_snippet_routes_the_chat_and_pulls_everywhere()
    {
        await using var first = await StartAsync(new TestModel("qwen2.5:0.5b"));
        await using var second = await StartAsync(new TestModel("llama3.2:1b"));
        foreach (var server in new[] { first, second })
        {
            server.Registry.Add(new TestModel("all-minilm"));
        }

        first.Replies.Enqueue("qwen2.5:0.5b", ScriptedReply.Text("Hi!"));

        var reply = await Snippets.SeveralServers(first.Endpoint.Authority, second.Endpoint.ToString());

        Assert.Equal("Hi!", reply);
        Assert.Single(first.Requests, r => r.Path == "/api/chat");
        Assert.DoesNotContain(second.Requests, r => r.Path == "/api/chat");
        Assert.Contains(second.Models, m => m.Name == "all-minilm:latest");
    }

    [Fact]
    public async Task Testing_snippet_passes() => Assert.Equal("Hello from the test server!", await Snippets.Testing());

    private static async Task<OllamaTestServer> StartAsync(TestModel model)
    {
        var server = await OllamaTestServer.StartAsync();
        server.Models.Add(model);
        return server;
    }

    private static Dictionary<string, string> ReadmeBlocks()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        return ReadmeBlock().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["code"].Value.TrimEnd());
    }

    private static Dictionary<string, string> SnippetRegions()
    {
        var path = Path.Combine(RepositoryRoot, "tests", "Ollama.Net.Readme.Tests", "Snippets.cs");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        return Region().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => Dedent(m.Groups["code"].Value));
    }

    private static string Dedent(string code)
    {
        var lines = code.TrimEnd().Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"<!-- snippet: (?<name>[\w-]+) -->\n```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ReadmeBlock();

    [GeneratedRegex(@"#region snippet:(?<name>[\w-]+)\n(?<code>.*?)\n[ \t]*#endregion", RegexOptions.Singleline)]
    private static partial Regex Region();
}
