using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;
using Ollama.Net.Testing;

namespace Ollama.Net.Readme.Tests.Packages;

/// <summary>
/// The README inside each package is its page on NuGet. Its C# blocks must compile and run (they are regions of the
/// <c>*PackageSnippets.cs</c> files beside this one), and it must use only what nuget.org renders: no HTML, and no
/// relative links (they point nowhere once the file is on nuget.org).
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed partial class PackageReadmeTests
{
    /// <summary>The packages whose README is checked.</summary>
    private static readonly string[] PackageIds = ["Ollama.Net", "Ollama.Net.Extensions.AI", "Ollama.Net.Testing", "Ollama.Net.TestServer.Tool", "Ollama.Net.VectorData"];

    public static TheoryData<string> Packages() => [.. PackageIds];

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_csharp_block_is_a_marked_snippet_equal_to_its_compiled_region(string package)
    {
        var regions = SnippetRegions();
        var blocks = CodeBlocks(package);

        Assert.NotEmpty(blocks);
        foreach (var block in blocks.Where(b => b.Language == "csharp"))
        {
            Assert.True(block.Snippet is not null, $"{package}/README.md: a csharp block has no '[//]: # (snippet: name)' line above it:\n{block.Code}");
            Assert.True(regions.TryGetValue(block.Snippet!, out var region), $"{package}/README.md: snippet '{block.Snippet}' has no '#region snippet:{block.Snippet}'.");

            var (usings, code) = SplitUsings(block.Code);
            Assert.Equal(region.Code, code);
            var missing = usings.Except(region.Usings).ToArray();
            Assert.True(missing.Length == 0, $"{package}/README.md snippet '{block.Snippet}' imports {string.Join(", ", missing)}, which its snippet file does not.");
        }
    }

    [Fact]
    public void Every_snippet_region_is_shown_in_a_package_readme()
    {
        var shown = PackageIds.SelectMany(p => CodeBlocks(p).Select(b => b.Snippet)).ToHashSet();

        var missing = SnippetRegions().Keys.Where(name => !shown.Contains(name)).ToArray();

        Assert.True(missing.Length == 0, $"Snippets not shown in any package README: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_readme_has_no_html_and_no_relative_links(string package)
    {
        var text = Prose(File.ReadAllText(ReadmePath(package)));

        Assert.DoesNotMatch(HtmlTag(), text);
        foreach (Match link in MarkdownLink().Matches(text))
        {
            var target = link.Groups["target"].Value;
            Assert.True(target.StartsWith("https://", StringComparison.Ordinal), $"{package}/README.md links to '{target}', which does not work on nuget.org (use an absolute https address).");
        }
    }

    [Fact]
    public async Task Chat_reads_OLLAMA_HOST_and_prints_the_answer()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", ScriptedReply.Text("Rayleigh scattering."));
        var previous = Environment.GetEnvironmentVariable("OLLAMA_HOST");
        Environment.SetEnvironmentVariable("OLLAMA_HOST", server.Endpoint.ToString());
        try
        {
            var printed = await ConsoleCapture.RunAsync(OllamaNetPackageSnippets.Chat);

            Assert.Equal("Rayleigh scattering.", printed.TrimEnd());
        }
        finally
        {
            Environment.SetEnvironmentVariable("OLLAMA_HOST", previous);
        }
    }

    [Fact]
    public async Task Streaming_prints_every_token()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", new ScriptedReply { Content = "Once upon a time.", ChunkSize = 2 });
        using var client = new OllamaClient(server.Endpoint);

        var printed = await ConsoleCapture.RunAsync(() => OllamaNetPackageSnippets.Streaming(client));

        Assert.Equal("Once upon a time.", printed);
        Assert.True(server.Requests.Single().Json!.Value.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Embeddings_find_the_moon_poem_first()
    {
        await using var server = await StartAsync(new TestModel("all-minilm") { Capabilities = TestModelCapabilities.Embedding });
        using var client = new OllamaClient(server.Endpoint);

        var best = await OllamaNetPackageSnippets.Embeddings(client);

        Assert.Equal(2, best.Length);
        Assert.Equal("明月几时有？把酒问青天。", best[0].Key);
    }

    [Fact]
    public async Task Prompt_parses_a_chinese_score()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", ScriptedReply.Text("8分"));
        using var client = new OllamaClient(server.Endpoint);

        Assert.Equal(8, await OllamaNetPackageSnippets.Prompt(client));
    }

    [Fact]
    public async Task Errors_tell_to_pull_the_missing_model()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var client = new OllamaClient(server.Endpoint);

        var printed = await ConsoleCapture.RunAsync(() => OllamaNetPackageSnippets.Errors(client));

        Assert.Equal("Run 'ollama pull no-such-model' first.", printed.TrimEnd());
    }

    [Fact]
    public async Task VectorData_search_finds_the_moon_poem_among_Su_Shi_poems()
    {
        await using var server = await StartAsync(new TestModel("all-minilm") { Capabilities = TestModelCapabilities.Embedding, EmbeddingLength = 384 });
        var previous = Environment.GetEnvironmentVariable("OLLAMA_HOST");
        Environment.SetEnvironmentVariable("OLLAMA_HOST", server.Endpoint.ToString());
        try
        {
            var printed = await ConsoleCapture.RunAsync(VectorDataPackageSnippets.Search);

            Assert.StartsWith("Prelude to Water Melody (", printed, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OLLAMA_HOST", previous);
        }
    }

    [Fact]
    public async Task VectorData_durable_store_keeps_collections_in_its_folder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "ollama-net-readme-" + Guid.NewGuid().ToString("N"));
        try
        {
            var definition = new VectorStoreCollectionDefinition
            {
                Properties = [new VectorStoreKeyProperty("Id", typeof(int)), new VectorStoreVectorProperty("Vector", typeof(float[]), 2)],
            };
            using (VectorStore store = VectorDataPackageSnippets.Durable(folder))
            {
                var collection = store.GetDynamicCollection("poems", definition);
                await collection.EnsureCollectionExistsAsync();
                await collection.UpsertAsync(new Dictionary<string, object?> { ["Id"] = 1, ["Vector"] = new float[] { 1, 0 } });
            }

            using VectorStore reopened = VectorDataPackageSnippets.Durable(folder);
            Assert.NotNull(await reopened.GetDynamicCollection("poems", definition).GetAsync(1));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void VectorData_registration_gives_a_store_with_the_registered_generator()
    {
        using ServiceProvider provider = VectorDataPackageSnippets.Services();

        Assert.IsType<Ollama.Net.VectorData.EmbeddingIndexVectorStore>(provider.GetRequiredService<VectorStore>());
    }

    [Fact]
    public async Task Extensions_ai_chat_reads_OLLAMA_HOST_and_prints_both_answers()
    {
        await using var server = await StartAsync(new TestModel("llama3.2"));
        server.Replies.Enqueue("llama3.2", ScriptedReply.Text("Rayleigh scattering.")).Enqueue("llama3.2", new ScriptedReply { Content = "Once.", ChunkSize = 2 });
        var previous = Environment.GetEnvironmentVariable("OLLAMA_HOST");
        Environment.SetEnvironmentVariable("OLLAMA_HOST", server.Endpoint.ToString());
        try
        {
            var printed = await ConsoleCapture.RunAsync(ExtensionsAIPackageSnippets.Chat);

            Assert.StartsWith("Rayleigh scattering.", printed, StringComparison.Ordinal);
            Assert.EndsWith("Once.", printed, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OLLAMA_HOST", previous);
        }
    }

    [Fact]
    public async Task Extensions_ai_options_reach_the_request()
    {
        await using var server = await StartAsync(new TestModel("qwen3") { Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Thinking });
        using var client = new OllamaClient(server.Endpoint);

        await ExtensionsAIPackageSnippets.Options(client.AsIChatClient("qwen3"));

        var body = server.Requests.Single().Json!.Value;
        Assert.Equal(8192, body.GetProperty("options").GetProperty("num_ctx").GetInt32());
        Assert.Equal(256, body.GetProperty("options").GetProperty("num_predict").GetInt32());
        Assert.Equal("low", body.GetProperty("think").GetString());
        Assert.Equal("30m", body.GetProperty("keep_alive").GetString());
    }

    [Fact]
    public async Task Extensions_ai_tools_call_the_weather_function()
    {
        await using var server = await StartAsync(new TestModel("qwen3") { Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools });
        server.Replies
            .Enqueue("qwen3", new ScriptedReply { ToolCalls = [new ScriptedToolCall("get_weather", new System.Text.Json.Nodes.JsonObject { ["city"] = "Paris" })] })
            .Enqueue("qwen3", ScriptedReply.Text("Sunny in Paris."));
        using var client = new OllamaClient(server.Endpoint);

        var reply = await ExtensionsAIPackageSnippets.Tools(client);

        Assert.Equal("Sunny in Paris.", reply.Text);
        var toolMessage = server.Requests.Last().Json!.Value.GetProperty("messages")[2];
        Assert.Equal("Sunny, 24 °C in Paris", toolMessage.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Extensions_ai_embeddings_make_two_vectors_and_one()
    {
        await using var server = await StartAsync(new TestModel("nomic-embed-text") { Capabilities = TestModelCapabilities.Embedding, EmbeddingLength = 64 });
        using var client = new OllamaClient(server.Endpoint);

        Assert.Equal((2, 64), await ExtensionsAIPackageSnippets.Embeddings(client));
    }

    [Fact]
    public async Task Extensions_ai_dependency_injection_and_telemetry_resolve_working_clients()
    {
        await using var server = await StartAsync(new TestModel("llama3.2"));
        server.Models.Add(new TestModel("nomic-embed-text") { Capabilities = TestModelCapabilities.Embedding });
        server.Replies.Enqueue("llama3.2", ScriptedReply.Text("Hi!"));
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Ollama:Endpoint"] = server.Endpoint.ToString(), ["Ollama:DefaultModel"] = "llama3.2" });

        ExtensionsAIPackageSnippets.DependencyInjection(builder);
        ExtensionsAIPackageSnippets.Telemetry(builder);
        using var host = builder.Build();
        await host.StartAsync();

        var chat = host.Services.GetRequiredService<Microsoft.Extensions.AI.IChatClient>();
        Assert.Equal("Hi!", (await chat.GetResponseAsync("Hello")).Text);
        var embedder = host.Services.GetRequiredService<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>();
        Assert.Single(await embedder.GenerateAsync(["明月"]));
        await host.StopAsync();
    }

    [Fact]
    public void Extensions_ai_keyed_clients_resolve_with_their_models()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());

        var metadata = ExtensionsAIPackageSnippets.Keyed(builder);

        Assert.Equal("qwen2.5:0.5b", metadata?.DefaultModelId);
        Assert.Equal(new Uri("http://localhost:11434/"), metadata?.ProviderUri);
    }

    [Fact]
    public async Task Testing_raw_json_gets_a_chat_answer()
    {
        await using var server = await StartAsync(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", ScriptedReply.Text("hello"));

        using var response = await TestingPackageSnippets.RawJson(server);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"content\":\"hello\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Testing_offline_says_the_answers_are_simulated()
    {
        var printed = await ConsoleCapture.RunAsync(TestingPackageSnippets.Offline);

        Assert.Contains("(answers are not real)", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Testing_scheduler_loads_on_the_fake_clock()
    {
        ChatResult? reply = null;

        var printed = await ConsoleCapture.RunAsync(async () => reply = await TestingPackageSnippets.Scheduler());

        Assert.Equal("1", printed.Trim());
        Assert.Equal(TimeSpan.FromSeconds(5), reply!.LoadDuration);
    }

    private static async Task<OllamaTestServer> StartAsync(TestModel model)
    {
        var server = await OllamaTestServer.StartAsync();
        server.Models.Add(model);
        return server;
    }

    private static string ReadmePath(string package) => Path.Combine(RepositoryPaths.Root, "src", package, "README.md");

    private sealed record Block(string Language, string? Snippet, string Code);

    private sealed record SnippetRegion(string Code, IReadOnlySet<string> Usings);

    private static List<Block> CodeBlocks(string package)
    {
        var text = File.ReadAllText(ReadmePath(package)).ReplaceLineEndings("\n");
        return [.. FencedBlock().Matches(text).Select(m => new Block(
            m.Groups["lang"].Value,
            m.Groups["name"].Success ? m.Groups["name"].Value : null,
            m.Groups["code"].Value.TrimEnd()))];
    }

    private static Dictionary<string, SnippetRegion> SnippetRegions()
    {
        var regions = new Dictionary<string, SnippetRegion>();
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Ollama.Net.Readme.Tests", "Packages");
        foreach (var file in Directory.EnumerateFiles(folder, "*PackageSnippets.cs"))
        {
            var text = File.ReadAllText(file).ReplaceLineEndings("\n");
            // The file's own using directives, its namespace's parents (Ollama.Net) and the implicit usings.
            var usings = UsingDirective().Matches(text).Select(m => m.Groups["ns"].Value)
                .Concat(["Ollama.Net", "System", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks", "System.Collections.Generic"])
                .ToHashSet();
            foreach (Match m in RegionPattern().Matches(text))
            {
                regions.Add(m.Groups["name"].Value, new SnippetRegion(Dedent(m.Groups["code"].Value), usings));
            }
        }

        return regions;
    }

    private static (string[] Usings, string Code) SplitUsings(string block)
    {
        var lines = block.Split('\n');
        var usings = lines.TakeWhile(l => UsingDirective().IsMatch(l + "\n") || l.Length == 0).ToArray();
        var code = string.Join('\n', lines.Skip(usings.Length)).TrimEnd();
        return ([.. usings.Where(l => l.Length > 0).Select(l => UsingDirective().Match(l + "\n").Groups["ns"].Value)], code);
    }

    private static string Dedent(string code)
    {
        var lines = code.TrimEnd().Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).TrimEnd();
    }

    /// <summary>The README without its fenced code blocks and inline code spans.</summary>
    private static string Prose(string markdown) => InlineCode().Replace(FencedBlock().Replace(markdown.ReplaceLineEndings("\n"), ""), "");

    [GeneratedRegex(@"(?:\[//\]: # \(snippet: (?<name>[\w-]+)\)\n)?```(?<lang>\w*)\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"#region snippet:(?<name>[\w-]+)\n(?<code>.*?)\n[ \t]*#endregion", RegexOptions.Singleline)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^using (?<ns>[A-Za-z][\w.]*);[ \t]*(?://[^\n]*)?\n", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"</?[A-Za-z!][^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
