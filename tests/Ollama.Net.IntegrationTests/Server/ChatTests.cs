using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public partial class ChatTests
{
    private const string UserHi = """[{"role":"user","content":"hi"}]""";

    [Fact]
    public async Task Streams_ndjson_by_default_in_chunks_of_the_chosen_size()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", new ScriptedReply { Content = "Hello, world!", ChunkSize = 4 });
        using var http = Wire.Client(server);

        var r = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","messages":{{UserHi}}}""");

        Assert.Equal(200, r.Status);
        Assert.Equal("application/x-ndjson", r.ContentType?.MediaType);
        Assert.DoesNotContain("\r\n", r.Text);
        var lines = r.Lines;
        Assert.Equal(["Hell", "o, w", "orld", "!", ""], lines.Select(l => l.GetProperty("message").Str("content")));
        Assert.All(lines[..^1], l => Assert.False(l.GetProperty("done").GetBoolean()));
        Assert.All(lines[..^1], l => Assert.False(l.Has("done_reason")));
        Assert.All(lines[..^1], l => Assert.False(l.Has("total_duration")));
        Assert.All(lines, l => Assert.Equal("assistant", l.GetProperty("message").Str("role")));
        Assert.All(lines, l => Assert.Equal("m", l.Str("model")));

        var final = lines[^1];
        Assert.True(final.GetProperty("done").GetBoolean());
        Assert.Equal("stop", final.Str("done_reason"));
        foreach (var metric in new[] { "total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration" })
        {
            Assert.True(final.GetProperty(metric).GetInt64() > 0, metric);
        }

        var m = final.GetProperty("message");
        Assert.False(m.Has("thinking"));
        Assert.False(m.Has("tool_calls"));
        Assert.False(final.Has("logprobs"));
    }

    [Fact]
    public async Task Text_elements_are_never_split_across_chunks()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", new ScriptedReply { Content = "日本語👍🏽é", ChunkSize = 1 });
        using var http = Wire.Client(server);
        var lines = (await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","messages":{{UserHi}}}""")).Lines;
        Assert.Equal(["日", "本", "語", "👍🏽", "é", ""], lines.Select(l => l.GetProperty("message").Str("content")));
    }

    [Fact]
    public async Task Created_at_is_rfc3339_utc_with_trimmed_fraction_and_go_escaping_is_used()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", new ScriptedReply { Content = "<a href=\"x\">&</a> ü", ChunkSize = 100 });
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","stream":false,"messages":{{UserHi}}}""");

        Assert.Contains("""\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e ü""", r.Text);
        Assert.Matches(CreatedAt(), r.Json.Str("created_at"));
        Assert.Equal(DateTimeKind.Utc, r.Json.GetProperty("created_at").GetDateTime().Kind);
    }

    [Fact]
    public async Task Stream_false_aggregates_content_thinking_tool_calls_and_logprobs_with_final_metrics()
    {
        await using var server = await Wire.StartAsync(Wire.Chat(), new TestModel("t")
        {
            Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Thinking | TestModelCapabilities.Tools,
        });
        var reply = new ScriptedReply
        {
            Content = "The answer is 42.",
            Thinking = "Let me think about it.",
            ChunkSize = 3,
            ToolCalls = [new ScriptedToolCall("lookup", new JsonObject { ["q"] = "42", ["n"] = 1 }), new ScriptedToolCall("log") { Id = "call_fixed" }],
            DoneReason = "length",
        };
        server.Replies.Enqueue("t", reply).Enqueue("t", reply);
        using var http = Wire.Client(server);
        const string body = """{"model":"t","logprobs":true,"top_logprobs":3,"tools":[{"type":"function","function":{"name":"lookup"}}],"messages":[{"role":"user","content":"q"}]""";

        var streamed = (await Wire.PostAsync(http, "/api/chat", body + "}")).Lines;
        var single = (await Wire.PostAsync(http, "/api/chat", body + ""","stream":false}""")).Json;

        var msg = single.GetProperty("message");
        Assert.Equal("The answer is 42.", msg.Str("content"));
        Assert.Equal("Let me think about it.", msg.Str("thinking"));
        Assert.Equal(string.Concat(streamed.Select(l => l.GetProperty("message").Str("content"))), msg.Str("content"));
        Assert.Equal(string.Concat(streamed.Select(l => l.GetProperty("message").TryGetProperty("thinking", out var t) ? t.GetString() : "")), msg.Str("thinking"));

        var calls = msg.GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Matches("^call_[0-9a-z]{8}$", calls[0].Str("id"));
        Assert.Equal("call_fixed", calls[1].Str("id"));
        Assert.Equal(0, calls[0].GetProperty("function").GetProperty("index").GetInt32());
        Assert.Equal(1, calls[1].GetProperty("function").GetProperty("index").GetInt32());
        Assert.Equal("lookup", calls[0].GetProperty("function").Str("name"));
        Assert.Equal("""{"q":"42","n":1}""", calls[0].GetProperty("function").GetProperty("arguments").GetRawText());
        Assert.Equal("{}", calls[1].GetProperty("function").GetProperty("arguments").GetRawText());

        // One logprob per content chunk ("token"), each with bytes and 3 alternatives.
        var logprobs = single.GetProperty("logprobs").EnumerateArray().ToList();
        Assert.Equal(6, logprobs.Count);
        Assert.Equal("The", logprobs[0].Str("token"));
        Assert.Equal([84, 104, 101], logprobs[0].GetProperty("bytes").EnumerateArray().Select(b => b.GetInt32()));
        Assert.All(logprobs, lp => Assert.True(lp.GetProperty("logprob").GetDouble() < 0));
        Assert.All(logprobs, lp => Assert.Equal(3, lp.GetProperty("top_logprobs").GetArrayLength()));
        Assert.Equal(streamed.Sum(l => l.TryGetProperty("logprobs", out var lp) ? lp.GetArrayLength() : 0), logprobs.Count);

        Assert.True(single.GetProperty("done").GetBoolean());
        Assert.Equal("length", single.Str("done_reason"));
        Assert.Equal(streamed[^1].GetProperty("eval_count").GetInt32(), single.GetProperty("eval_count").GetInt32());
        Assert.Equal(streamed[^1].GetProperty("prompt_eval_count").GetInt32(), single.GetProperty("prompt_eval_count").GetInt32());

        // The stream: thinking chunks, then content chunks, then one tool-call chunk, then done.
        var kinds = streamed.Select(l =>
        {
            var m = l.GetProperty("message");
            return l.GetProperty("done").GetBoolean() ? "done" : m.Has("tool_calls") ? "tools" : m.Has("thinking") ? "think" : "content";
        }).Distinct();
        Assert.Equal(["think", "content", "tools", "done"], kinds);
    }

    [Fact]
    public async Task Scripted_logprob_values_are_used_in_order()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", new ScriptedReply { Content = "abcdef", ChunkSize = 2, Logprobs = [-0.5, -1.5] });
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","stream":false,"logprobs":true,"messages":{{UserHi}}}""");
        var values = r.Json.GetProperty("logprobs").EnumerateArray().Select(l => l.GetProperty("logprob").GetDouble());
        Assert.Equal([-0.5, -1.5, -0.5], values);
        Assert.False(r.Json.GetProperty("logprobs")[0].Has("top_logprobs"));
    }

    [Fact]
    public async Task Last_chunk_can_carry_content_and_tool_calls_in_the_done_chunk()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies
            .Enqueue("m", new ScriptedReply { Content = "abcd", ChunkSize = 2, LastChunkIsFinal = true })
            .Enqueue("m", new ScriptedReply { Content = "x", ToolCalls = [new("f")], LastChunkIsFinal = true });
        using var http = Wire.Client(server);

        var lines = (await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","messages":{{UserHi}}}""")).Lines;
        Assert.Equal(2, lines.Count);
        Assert.Equal("cd", lines[^1].GetProperty("message").Str("content"));
        Assert.True(lines[^1].GetProperty("done").GetBoolean());

        lines = (await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","tools":[],"messages":{{UserHi}}}""")).Lines;
        Assert.Equal(2, lines.Count);
        Assert.Equal("f", lines[^1].GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function").Str("name"));
    }

    [Fact]
    public async Task Structured_json_reply_is_sent_as_compact_content()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", new ScriptedReply { Json = new JsonObject { ["city"] = "Paris", ["temp"] = 21.5 } });
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","stream":false,"format":"json","messages":{{UserHi}}}""");
        Assert.Equal("""{"city":"Paris","temp":21.5}""", r.Json.GetProperty("message").Str("content"));
    }

    [Fact]
    public async Task Default_echo_reply_repeats_the_last_message()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat",
            """{"model":"m","stream":false,"messages":[{"role":"system","content":"be nice"},{"role":"user","content":"first"},{"role":"assistant","content":"ok"},{"role":"USER","content":"echo me"}]}""");
        Assert.Equal("echo me", r.Json.GetProperty("message").Str("content"));
        Assert.False(r.Json.GetProperty("message").Has("thinking"));
    }

    [Fact]
    public async Task Replies_come_from_the_model_queue_then_the_any_queue_then_the_generator()
    {
        await using var server = await Wire.StartAsync(Wire.Chat("a"), Wire.Chat("b"));
        server.Replies.Enqueue(ScriptedReply.Text("any-1"));
        server.Replies.Enqueue("A:latest", "a-1");
        server.Replies.Generator = ctx => ScriptedReply.Text($"gen:{ctx.RequestedModel}:{ctx.Prompt}:{ctx.LastRole}:{ctx.IsChat}");
        Assert.Equal(2, server.Replies.Pending);
        using var http = Wire.Client(server);

        async Task<string> Ask(string model) =>
            (await Wire.PostAsync(http, "/api/chat", $$"""{"model":"{{model}}","stream":false,"messages":{{UserHi}}}""")).Json.GetProperty("message").Str("content");

        Assert.Equal("any-1", await Ask("b"));
        Assert.Equal("a-1", await Ask("a"));
        Assert.Equal("gen:a:hi:user:True", await Ask("a"));
        Assert.Equal(0, server.Replies.Pending);

        server.Replies.Enqueue("a", "dropped");
        server.Replies.Clear();
        Assert.Equal("gen:b:hi:user:True", await Ask("b"));
    }

    [Fact]
    public async Task Reply_context_exposes_the_request()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        ReplyContext? seen = null;
        server.Replies.Generator = ctx =>
        {
            seen = ctx;
            return ScriptedReply.Text("ok");
        };
        using var http = Wire.Client(server);
        await Wire.PostAsync(http, "/api/chat",
            """{"model":"m","stream":false,"format":{"type":"object"},"tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"system","content":"sys"},{"role":"tool","content":"42","tool_name":"f"}]}""");

        Assert.NotNull(seen);
        Assert.Equal("m:latest", seen.Model.Name);
        Assert.Equal("sys", seen.System);
        Assert.Equal("42", seen.Prompt);
        Assert.Equal("tool", seen.LastRole);
        Assert.Equal(2, seen.Messages.Count);
        Assert.Equal(JsonValueKind.Object, seen.Format?.ValueKind);
        Assert.Equal(1, seen.Tools?.GetArrayLength());
        Assert.False(seen.Think);
        Assert.Equal("/api/chat", seen.RecordedRequest.Path);
        Assert.Equal("m", seen.Request.Str("model"));
    }

    [Fact]
    public async Task Thinking_is_on_by_default_for_thinking_models_and_off_with_think_false()
    {
        await using var server = await Wire.StartAsync(Wire.Thinker("t"), Wire.Chat());
        using var http = Wire.Client(server);
        async Task<JsonElement> Ask(string model, string extra) =>
            (await Wire.PostAsync(http, "/api/chat", $$"""{"model":"{{model}}","stream":false{{extra}},"messages":{{UserHi}}}""")).Json.GetProperty("message");

        Assert.Equal("Echoing the prompt.", (await Ask("t", "")).Str("thinking"));
        Assert.Equal("Echoing the prompt.", (await Ask("t", ""","think":"high" """)).Str("thinking"));
        Assert.False((await Ask("t", ""","think":false""")).Has("thinking"));
        Assert.False((await Ask("m", ""","think":false""")).Has("thinking"));
        Assert.False((await Ask("m", "")).Has("thinking"));

        server.Replies.Enqueue("t", new ScriptedReply { Content = "c", Thinking = "scripted" });
        Assert.False((await Ask("t", ""","think":false""")).Has("thinking"));
    }

    [Fact]
    public async Task Empty_messages_load_and_keep_alive_zero_unloads()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);

        var load = await Wire.PostAsync(http, "/api/chat", """{"model":"m"}""");
        Assert.Equal("application/json", load.ContentType?.MediaType);
        Assert.Equal("load", load.Json.Str("done_reason"));
        Assert.True(load.Json.GetProperty("done").GetBoolean());
        Assert.Equal("""{"role":"assistant","content":""}""", load.Json.GetProperty("message").GetRawText());
        Assert.Equal(["m:latest"], server.LoadedModels);

        var unload = await Wire.PostAsync(http, "/api/chat", """{"model":"m","messages":[],"keep_alive":0}""");
        Assert.Equal("unload", unload.Json.Str("done_reason"));
        Assert.Empty(server.LoadedModels);
        Assert.Equal(0, server.Replies.Pending);
    }

    [Fact]
    public async Task Keep_alive_zero_on_a_real_request_unloads_after_it()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","keep_alive":"5m","messages":{{UserHi}}}""");
        Assert.Equal(["m:latest"], server.LoadedModels);
        await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","keep_alive":0,"messages":{{UserHi}}}""");
        Assert.Empty(server.LoadedModels);
    }

    [Fact]
    public async Task Num_predict_truncates_with_done_reason_length_and_stop_cuts_at_the_stop_sequence()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", new ScriptedReply { Content = "one two three four", ChunkSize = 4 });
        server.Replies.Enqueue("m", new ScriptedReply { Content = "alpha END beta", DoneReason = "length" });
        using var http = Wire.Client(server);

        var a = (await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","stream":false,"options":{"num_predict":2},"messages":{{UserHi}}}""")).Json;
        Assert.Equal("one two ", a.GetProperty("message").Str("content"));
        Assert.Equal("length", a.Str("done_reason"));

        var b = (await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","stream":false,"options":{"stop":["END"]},"messages":{{UserHi}}}""")).Json;
        Assert.Equal("alpha ", b.GetProperty("message").Str("content"));
        Assert.Equal("stop", b.Str("done_reason"));
    }

    [Fact]
    public async Task Debug_render_only_returns_the_rendered_prompt_without_a_reply()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", "unused");
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","_debug_render_only":true,"messages":{{UserHi}}}""");
        Assert.Contains("user: hi", r.Json.GetProperty("_debug_info").Str("rendered_template"));
        Assert.Equal(1, server.Replies.Pending);
    }

    [Fact]
    public async Task Model_names_match_case_insensitively_and_echo_the_requested_name()
    {
        await using var server = await Wire.StartAsync(new TestModel("Qwen2.5:0.5B"));
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"registry.ollama.ai/library/qwen2.5:0.5b","stream":false,"messages":{{UserHi}}}""");
        Assert.Equal(200, r.Status);
        Assert.Equal("registry.ollama.ai/library/qwen2.5:0.5b", r.Json.Str("model"));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")]
    internal static partial Regex CreatedAt();
}
