using System.Text.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.Interop.Tests;

/// <summary>
/// The official JavaScript client (npm <c>ollama</c> 0.6.4, run by node) against OllamaTestServer: each scenario must
/// see exactly what the server was scripted to send.
/// </summary>
public class JsClientTests
{
    private static IEnumerable<JsonElement> Parts(JsonElement result) => result.GetProperty("parts").EnumerateArray();

    [NodeFact]
    public async Task Streaming_chat_sees_every_thinking_and_content_chunk_then_done()
    {
        await using var server = await Script.StartAsync();
        server.Replies.Enqueue(Script.Thinker, Script.Reply(thinking: true));

        var result = (await JsClient.RunAsync("chat-stream", server.Endpoint, Script.Thinker, "think")).Result();

        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        var parts = Parts(result).ToList();
        Assert.Equal(
            [.. Script.ThinkingChunks, .. Script.ContentChunks.Select(_ => (string?)null), null],
            parts.Select(p => p.GetProperty("message").Str("thinking")));
        Assert.Equal([.. Script.ThinkingChunks.Select(_ => ""), .. Script.ContentChunks, ""], parts.Select(p => p.GetProperty("message").Str("content")));
        Assert.All(parts, p => Assert.Equal("assistant", p.GetProperty("message").Str("role")));
        Assert.All(parts, p => Assert.Equal(Script.Thinker, p.Str("model")));
        Assert.Equal([.. parts.SkipLast(1).Select(_ => false), true], parts.Select(p => p.GetProperty("done").GetBoolean()));
        var done = parts[^1];
        Assert.Equal("stop", done.Str("done_reason"));
        Assert.Equal(Script.PromptEvalCount, done.Long("prompt_eval_count"));
        Assert.Equal(Script.EvalCount, done.Long("eval_count"));
        Assert.True(done.Long("total_duration") > 0);

        var sent = server.Requests.Single();
        Assert.True(sent.Json!.Value.GetProperty("stream").GetBoolean());
        Assert.True(sent.Json.Value.GetProperty("think").GetBoolean());
        Assert.StartsWith("ollama-js/0.6.4", sent.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [NodeFact]
    public async Task Chat_defaults_to_stream_false_and_sees_tool_calls()
    {
        await using var server = await Script.StartAsync();
        server.Replies.Enqueue(Script.Chat, Script.ToolReply());

        var result = (await JsClient.RunAsync("chat", server.Endpoint, Script.Chat, "tools")).Result();

        var call = Assert.Single(result.GetProperty("message").GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("call_tokyo", call.Str("id"));
        Assert.Equal(0, call.GetProperty("function").Long("index"));
        Assert.Equal("get_weather", call.GetProperty("function").Str("name"));
        Assert.Equal("""{"city":"Tokyo","days":2}""", call.GetProperty("function").GetProperty("arguments").GetRawText());
        Assert.True(result.GetProperty("done").GetBoolean());

        // Known difference (by design in the client, not a bug): ollama-js sends "stream": false unless asked, while the
        // API streams when "stream" is absent. The server honours what was sent.
        var sent = server.Requests.Single().Json!.Value;
        Assert.False(sent.GetProperty("stream").GetBoolean());
        Assert.Equal("get_weather", sent.GetProperty("tools")[0].GetProperty("function").Str("name"));
    }

    [NodeFact]
    public async Task Streaming_generate_sees_every_chunk_and_the_final_context()
    {
        await using var server = await Script.StartAsync();
        server.Replies.Enqueue(Script.Chat, Script.Reply());

        var parts = Parts((await JsClient.RunAsync("generate", server.Endpoint, Script.Chat)).Result()).ToList();

        Assert.Equal([.. Script.ContentChunks, ""], parts.Select(p => p.Str("response")));
        Assert.Equal("stop", parts[^1].Str("done_reason"));
        Assert.Equal(Script.PromptEvalCount + Script.EvalCount, parts[^1].GetProperty("context").GetArrayLength());
        Assert.All(parts.SkipLast(1), p => Assert.False(p.TryGetProperty("context", out _)));
    }

    [NodeFact]
    public async Task Embed_gets_the_exact_vectors()
    {
        await using var server = await Script.StartAsync();

        var result = (await JsClient.RunAsync("embed", server.Endpoint, Script.Embedder, "8", "cat", "dog")).Result();

        var vectors = result.GetProperty("embeddings").EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToList();
        Assert.Equal(2, vectors.Count);
        Assert.Equal(TestEmbeddings.Generate("cat", 8), vectors[0]);
        Assert.Equal(TestEmbeddings.Generate("dog", 8), vectors[1]);
        Assert.Equal(Script.Embedder, result.Str("model"));
        var sent = server.Requests.Single().Json!.Value;
        Assert.Equal(8, sent.GetProperty("dimensions").GetInt32());
        Assert.Equal(2, sent.GetProperty("input").GetArrayLength());
    }

    [NodeFact]
    public async Task List_sees_every_installed_model_as_sent()
    {
        await using var server = await Script.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        var wire = JsonDocument.Parse(await http.GetStringAsync("/api/tags").WaitAsync(Script.Bound)).RootElement;

        var result = (await JsClient.RunAsync("list", server.Endpoint)).Result();

        // The JS client hands back the parsed JSON untouched: it equals what the server sent.
        Assert.Equal(wire.GetRawText(), result.GetRawText());
        var qwen = result.GetProperty("models").EnumerateArray().Single(m => m.Str("name") == Script.Chat);
        Assert.Equal(PresetModels.Qwen25.Digest, qwen.Str("digest"));
        Assert.Equal(PresetModels.Qwen25.Size, qwen.Long("size"));
        Assert.Equal(PresetModels.Qwen25.ModifiedAt, DateTimeOffset.Parse(qwen.Str("modified_at")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("qwen2", qwen.GetProperty("details").Str("family"));
    }

    [NodeFact]
    public async Task Show_sees_the_template_system_license_and_model_info()
    {
        await using var server = await Script.StartAsync();

        var show = (await JsClient.RunAsync("show", server.Endpoint, Script.Chat)).Result();

        var preset = PresetModels.Qwen25;
        Assert.Equal(preset.Template, show.Str("template"));
        Assert.Equal(preset.System, show.Str("system"));
        Assert.Equal(preset.License, show.Str("license"));
        Assert.Contains("<|im_end|>", show.Str("parameters"), StringComparison.Ordinal);
        Assert.Equal("qwen2", show.GetProperty("model_info").Str("general.architecture"));
        Assert.Equal(["completion", "tools"], show.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(Script.Chat, server.Requests.Single().Json!.Value.Str("model"));
    }

    [NodeFact]
    public async Task Ps_sees_the_loaded_model()
    {
        await using var server = await Script.StartAsync();
        await RawWire.PostNdjsonAsync(server, "/api/generate", $$"""{"model":"{{Script.Chat}}"}""");

        var ps = (await JsClient.RunAsync("ps", server.Endpoint)).Result();

        var running = Assert.Single(ps.GetProperty("models").EnumerateArray());
        Assert.Equal(Script.Chat, running.Str("name"));
        Assert.Equal(PresetModels.Qwen25.Digest, running.Str("digest"));
        Assert.Equal(running.Long("size"), running.Long("size_vram"));
        Assert.True(running.Long("context_length") > 0);
        Assert.True(DateTimeOffset.Parse(running.Str("expires_at")!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Now);
    }

    [NodeFact]
    public async Task Pull_sees_every_progress_line_and_sends_the_legacy_name_field()
    {
        var digests = await RawWire.PullDigestsAsync();
        await using var server = await Script.StartAsync();

        var result = (await JsClient.RunAsync("pull", server.Endpoint, Script.Pullable)).Result();

        var lines = Parts(result).ToList();
        var expected = Script.PullLines(digests);
        Assert.Equal(expected.Count, lines.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Status, lines[i].Str("status"));
            Assert.Equal(expected[i].Digest, lines[i].Str("digest"));
            Assert.Equal(expected[i].Total, lines[i].Long("total"));
            Assert.Equal(expected[i].Completed, lines[i].Long("completed"));
        }

        Assert.Contains(server.Models, m => m.Name == Script.Pullable);

        // Known difference: ollama-js 0.6.4 sends the deprecated "name" field instead of "model" (the spec keeps
        // "name" as the legacy spelling, so Ollama and the test server accept it).
        var sent = server.Requests.Single().Json!.Value;
        Assert.Equal(Script.Pullable, sent.Str("name"));
        Assert.False(sent.TryGetProperty("model", out _));
    }

    [NodeFact]
    public async Task Version()
    {
        await using var server = await Script.StartAsync("0.33.0-rc2");

        var result = (await JsClient.RunAsync("version", server.Endpoint)).Result();

        Assert.Equal("0.33.0-rc2", result.Str("version"));
    }
}
