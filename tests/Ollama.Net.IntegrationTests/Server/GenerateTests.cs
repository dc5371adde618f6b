using System.Text.Json.Nodes;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public class GenerateTests
{
    [Fact]
    public async Task Streams_response_deltas_and_a_final_chunk_with_context_and_metrics()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", new ScriptedReply { Content = "abcdefg", ChunkSize = 3 });
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/generate", """{"model":"m","prompt":"why?"}""");

        Assert.Equal("application/x-ndjson", r.ContentType?.MediaType);
        var lines = r.Lines;
        Assert.Equal(["abc", "def", "g", ""], lines.Select(l => l.Str("response")));
        Assert.All(lines[..^1], l => Assert.False(l.Has("context")));
        var final = lines[^1];
        Assert.Equal("stop", final.Str("done_reason"));
        Assert.True(final.GetProperty("context").GetArrayLength() > 0);
        Assert.True(final.GetProperty("eval_duration").GetInt64() > 0);
        Assert.Matches(ChatTests.CreatedAt(), final.Str("created_at"));
        Assert.False(final.Has("message"));
    }

    [Fact]
    public async Task Stream_false_aggregates_response_thinking_tool_calls_and_keeps_key_order()
    {
        await using var server = await Wire.StartAsync(Wire.Thinker());
        server.Replies.Enqueue(new ScriptedReply
        {
            Content = "Paris",
            Thinking = "capital of France",
            ChunkSize = 2,
            ToolCalls = [new ScriptedToolCall("geo", new JsonObject { ["z"] = 1, ["a"] = 2 })],
        });
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/generate", """{"model":"thinker","prompt":"capital?","stream":false}""");

        var j = r.Json;
        Assert.Equal("Paris", j.Str("response"));
        Assert.Equal("capital of France", j.Str("thinking"));
        Assert.Equal("""{"z":1,"a":2}""", j.GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetRawText());
        Assert.Equal(
            ["model", "created_at", "response", "thinking", "done", "done_reason", "context", "total_duration", "load_duration",
             "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration", "tool_calls"],
            j.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Raw_mode_has_no_context_and_rejects_template_system_or_context()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var ok = await Wire.PostAsync(http, "/api/generate", """{"model":"m","prompt":"x","raw":true,"stream":false}""");
        Assert.Equal("x", ok.Json.Str("response"));
        Assert.False(ok.Json.Has("context"));

        foreach (var extra in new[] { "\"system\":\"s\"", "\"template\":\"t\"", "\"context\":[1,2]" })
        {
            var bad = await Wire.PostAsync(http, "/api/generate", $$"""{"model":"m","prompt":"x","raw":true,{{extra}}}""");
            Assert.Equal(400, bad.Status);
            Assert.Equal("raw mode does not support template, system, or context", bad.Error);
        }
    }

    [Fact]
    public async Task Empty_prompt_loads_and_keep_alive_zero_unloads()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var load = await Wire.PostAsync(http, "/api/generate", """{"model":"m"}""");
        Assert.Equal(
            ["model", "created_at", "response", "done", "done_reason"],
            load.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("load", load.Json.Str("done_reason"));
        Assert.Single(server.LoadedModels);

        var unload = await Wire.PostAsync(http, "/api/generate", """{"model":"m","prompt":"","keep_alive":"0s"}""");
        Assert.Equal("unload", unload.Json.Str("done_reason"));
        Assert.Empty(server.LoadedModels);
    }

    [Fact]
    public async Task Suffix_needs_the_insert_capability()
    {
        await using var server = await Wire.StartAsync(Wire.Chat("plain"), new TestModel("coder") { Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Insert });
        using var http = Wire.Client(server);
        var bad = await Wire.PostAsync(http, "/api/generate", """{"model":"plain","prompt":"def f(","suffix":"return 1"}""");
        Assert.Equal(400, bad.Status);
        Assert.Equal("registry.ollama.ai/library/plain:latest does not support insert", bad.Error);
        var ok = await Wire.PostAsync(http, "/api/generate", """{"model":"coder","prompt":"def f(","suffix":"return 1","stream":false}""");
        Assert.Equal(200, ok.Status);
    }

    [Fact]
    public async Task Reply_context_for_generate_has_prompt_and_system()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        ReplyContext? seen = null;
        server.Replies.Generator = c => { seen = c; return ScriptedReply.Echo(c); };
        using var http = Wire.Client(server);
        await Wire.PostAsync(http, "/api/generate", """{"model":"m","prompt":"p","system":"s","stream":false}""");
        Assert.NotNull(seen);
        Assert.False(seen.IsChat);
        Assert.Equal("p", seen.Prompt);
        Assert.Equal("s", seen.System);
        Assert.Equal("user", seen.LastRole);
        Assert.Empty(seen.Messages);
    }
}
