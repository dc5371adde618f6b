using System.Text.Json.Nodes;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

/// <summary>
/// The context window (Ollama's prompt.go chatPrompt, llm/llama_server.go and llama-server): num_ctx, whole-message
/// truncation, the runner's shift or refusal, llama-server's refusal with truncate:false, generation past the window,
/// and token counts by <see cref="TestTokenizer"/>.
/// </summary>
public class ContextWindowTests
{
    private const string Long = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";

    [Fact]
    public void The_tokenizer_counts_word_runs_by_four_characters_and_every_other_visible_character_as_one()
    {
        Assert.Equal(0, TestTokenizer.CountTokens(null));
        Assert.Equal(0, TestTokenizer.CountTokens(" \n\t"));
        Assert.Equal(1, TestTokenizer.CountTokens("cat"));
        Assert.Equal(2, TestTokenizer.CountTokens("hello"));
        Assert.Equal(7, TestTokenizer.CountTokens("user: hi\nassistant: "));
        Assert.Equal(4, TestTokenizer.CountTokens("日本語!"));
        Assert.Equal(3, TestTokenizer.CountTokens("a👍🏽b"));
    }

    [Fact]
    public async Task Prompt_eval_count_counts_the_rendered_prompt_including_the_models_system_and_the_tools()
    {
        await using var server = await Wire.StartAsync(Wire.Chat() with { System = "Be brief." });
        using var http = Wire.Client(server);
        const string Tools = """[{"type":"function","function":{"name":"f","parameters":{}}}]""";

        var chat = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","stream":false,"tools":{{Tools}},"messages":[{"role":"user","content":"hi there"}]}""");
        var generate = await Wire.PostAsync(http, "/api/generate", """{"model":"m","stream":false,"prompt":"hi there","context":[1,2,3]}""");
        var raw = await Wire.PostAsync(http, "/api/generate", """{"model":"m","stream":false,"prompt":"hi there","raw":true}""");

        Assert.Equal(Count($"tools: {Tools}\nsystem: Be brief.\nuser: hi there\nassistant: "), chat.Json.GetProperty("prompt_eval_count").GetInt32());
        Assert.Equal(Count("system: Be brief.\nuser: hi there\nassistant: ") + 3, generate.Json.GetProperty("prompt_eval_count").GetInt32());
        Assert.Equal(3, raw.Json.GetProperty("prompt_eval_count").GetInt32()); // hi, the, re
    }

    [Theory]
    [InlineData(8192, null, null, 4096)]     // the server default (OLLAMA_CONTEXT_LENGTH), as Ollama on < 24 GiB VRAM
    [InlineData(2048, null, null, 2048)]     // capped at the trained context length
    [InlineData(8192, 6000, null, 6000)]     // the model's PARAMETER num_ctx
    [InlineData(8192, 6000, 100000, 8192)]   // the request's num_ctx, capped
    [InlineData(8192, null, 1, 4)]           // at least 4
    public async Task Num_ctx_comes_from_the_request_then_the_model_then_the_default_within_the_trained_length(
        int trained, int? parameter, int? requested, int expected)
    {
        await using var server = await Wire.StartAsync(Wire.Chat() with
        {
            ContextLength = trained,
            Parameters = parameter is { } p ? new JsonObject { ["num_ctx"] = p } : null,
        });
        using var http = Wire.Client(server);
        var options = requested is { } r ? $$""","options":{"num_ctx":{{r}}}""" : string.Empty;
        await Wire.PostAsync(http, "/api/generate", $$"""{"model":"m"{{options}}}""");

        var ps = await Wire.GetAsync(http, "/api/ps");
        Assert.Equal(expected, Assert.Single(ps.Json.GetProperty("models").EnumerateArray()).GetProperty("context_length").GetInt32());
    }

    [Fact]
    public async Task Truncate_false_over_the_window_is_refused_with_llama_servers_error_and_no_reply_is_used()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", "unused");
        using var http = Wire.Client(server);
        var tokens = Count($"user: {Long}\nassistant: ");

        var r = await Wire.PostAsync(http, "/api/chat", Chat(""","truncate":false,"options":{"num_ctx":16}""", Message("user", Long)));

        Assert.Equal(400, r.Status);
        Assert.Equal("application/json; charset=utf-8", r.ContentType?.ToString());
        var inner = $$$"""{"error":{"code":400,"message":"request ({{{tokens}}} tokens) exceeds the available context size (16 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":{{{tokens}}},"n_ctx":16}}""";
        Assert.Equal("{\"error\":\"" + inner.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"}", r.Text);
        Assert.Equal(1, server.Replies.Pending);
        Assert.Equal(["m:latest"], server.LoadedModels); // refused by the runner: the model was loaded first
    }

    [Fact]
    public async Task A_prompt_exactly_num_ctx_long_is_refused_too()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var tokens = Count($"user: {Long}\nassistant: ");

        var fits = await Wire.PostAsync(http, "/api/chat", Chat($$""","truncate":false,"options":{"num_ctx":{{tokens + 1}}}""", Message("user", Long)));
        var full = await Wire.PostAsync(http, "/api/chat", Chat($$""","truncate":false,"options":{"num_ctx":{{tokens}}}""", Message("user", Long)));

        Assert.Equal(200, fits.Status);
        Assert.Equal(tokens, fits.Json.GetProperty("prompt_eval_count").GetInt32());
        Assert.Equal(400, full.Status);
        Assert.Contains("exceeds the available context size", full.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncation_drops_the_oldest_whole_messages_but_keeps_the_system_messages_and_the_last()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var kept = $"system: S1\nsystem: S2\nuser: {Long}\nassistant: ";
        var numCtx = Count(kept) + 1;
        var messages = string.Join(',',
            Message("system", "S1"), Message("user", "old question"), Message("system", "S2"), Message("assistant", "old answer"),
            Message("user", Long));

        var debug = await Wire.PostAsync(http, "/api/chat", Chat($$""","_debug_render_only":true,"options":{"num_ctx":{{numCtx}}}""", messages));
        var real = await Wire.PostAsync(http, "/api/chat", Chat($$""","options":{"num_ctx":{{numCtx}}}""", messages));

        Assert.Equal(kept, debug.Json.GetProperty("_debug_info").Str("rendered_template"));
        Assert.Equal(Count(kept), real.Json.GetProperty("prompt_eval_count").GetInt32());
        Assert.Equal(Long, real.Json.GetProperty("message").Str("content")); // the echo still answers the last message
    }

    [Fact]
    public async Task Everything_that_fits_is_kept_and_prompt_eval_count_shows_what_was_dropped()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var messages = string.Join(',', Message("user", "first question"), Message("assistant", "first answer"), Message("user", "second"));
        var full = Count("user: first question\nassistant: first answer\nuser: second\nassistant: ");
        var tail = Count("assistant: first answer\nuser: second\nassistant: ");

        var all = await Wire.PostAsync(http, "/api/chat", Chat($$""","options":{"num_ctx":{{full + 1}}}""", messages));
        var cut = await Wire.PostAsync(http, "/api/chat", Chat($$""","options":{"num_ctx":{{full - 1}}}""", messages));

        Assert.Equal(full, all.Json.GetProperty("prompt_eval_count").GetInt32());
        Assert.Equal(tail, cut.Json.GetProperty("prompt_eval_count").GetInt32());
    }

    [Theory]
    [InlineData(null, 12)]  // num_keep 4 (Ollama's default): 20 - (20 - 4) / 2
    [InlineData(10, 15)]    // 20 - (20 - 10) / 2
    [InlineData(-1, 19)]    // -1 keeps the whole prompt: 20 - max((20 - 19) / 2, 1)
    public async Task A_last_message_longer_than_the_window_is_shifted_keeping_num_keep_tokens(int? numKeep, int expected)
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var keep = numKeep is { } k ? $$""","num_keep":{{k}}""" : string.Empty;

        var r = await Wire.PostAsync(http, "/api/chat", Chat($$""","options":{"num_ctx":20{{keep}}}""", Message("user", Long + " " + Long)));

        Assert.Equal(200, r.Status);
        Assert.Equal(expected, r.Json.GetProperty("prompt_eval_count").GetInt32());
    }

    [Fact]
    public async Task Without_shift_a_prompt_that_does_not_fit_is_refused_by_the_runner()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", "unused");
        using var http = Wire.Client(server);

        var r = await Wire.PostAsync(http, "/api/chat", Chat(""","shift":false,"options":{"num_ctx":20}""", Message("user", Long + " " + Long)));

        Assert.Equal(400, r.Status);
        Assert.Equal(
            """{"error":"the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length"}""",
            r.Text);
        Assert.Equal(1, server.Replies.Pending);
    }

    [Fact]
    public async Task A_refusal_of_a_streaming_request_comes_from_the_stream_machinery_as_json_without_charset()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var messages = $$"""[{{Message("user", Long + " " + Long)}}]""";

        var runner = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","shift":false,"options":{"num_ctx":20},"messages":{{messages}}}""");
        var llamaServer = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","truncate":false,"options":{"num_ctx":20},"messages":{{messages}}}""");

        Assert.Equal(400, runner.Status);
        Assert.Equal("application/json", runner.ContentType?.ToString()); // streamResponse, before the first line
        Assert.StartsWith("the prompt is longer than the context length", runner.Error, StringComparison.Ordinal);
        Assert.Equal(400, llamaServer.Status);
        Assert.Equal("application/json", llamaServer.ContentType?.ToString());
        Assert.Contains("exceeds the available context size (20 tokens)", llamaServer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_runner_refuses_an_unshiftable_prompt_before_the_format_and_llama_server_an_oversized_one_after_format_and_media()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        const string Options = ""","stream":false,"format":"yaml","options":{"num_ctx":20}""";

        // completionPromptForRequest comes before the runner reads the format ...
        var unshiftable = await Wire.PostAsync(http, "/api/generate", $$"""{"model":"m","prompt":"{{Long}} {{Long}}","shift":false{{Options}}}""");
        // ... which comes before llama-server sees the prompt: its media, then its length.
        var oversized = await Wire.PostAsync(http, "/api/generate", $$"""{"model":"m","prompt":"{{Long}} {{Long}}","truncate":false{{Options}}}""");
        var image = await Wire.PostAsync(
            http, "/api/chat", $$"""{"model":"m","stream":false,"truncate":false,"options":{"num_ctx":20},"messages":[{"role":"user","content":"{{Long}} {{Long}}","images":["iVBORw0KGgo="]}]}""");

        Assert.Equal(400, unshiftable.Status);
        Assert.StartsWith("the prompt is longer than the context length", unshiftable.Error, StringComparison.Ordinal);
        Assert.Equal(500, oversized.Status);
        Assert.StartsWith("invalid format:", oversized.Error, StringComparison.Ordinal);
        Assert.Equal(500, image.Status);
        Assert.Contains("image input is not supported", image.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_shift_generation_stops_with_length_when_the_window_is_full()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", new ScriptedReply { Content = "abcdefghij", ChunkSize = 1 });
        server.Replies.Enqueue("m", new ScriptedReply { Content = "abcdefghij", ChunkSize = 1 });
        using var http = Wire.Client(server);
        var numCtx = Count("user: hi\nassistant: ") + 3;

        var stopped = await Wire.PostAsync(http, "/api/chat", Chat($$""","shift":false,"options":{"num_ctx":{{numCtx}}}""", Message("user", "hi")));
        var shifted = await Wire.PostAsync(http, "/api/chat", Chat($$""","options":{"num_ctx":{{numCtx}}}""", Message("user", "hi")));

        Assert.Equal("abc", stopped.Json.GetProperty("message").Str("content"));
        Assert.Equal("length", stopped.Json.Str("done_reason"));
        Assert.Equal(3, stopped.Json.GetProperty("eval_count").GetInt32());
        Assert.Equal("abcdefghij", shifted.Json.GetProperty("message").Str("content"));
        Assert.Equal("stop", shifted.Json.Str("done_reason"));
    }

    [Fact]
    public async Task Deepseek2_models_do_not_shift_by_default()
    {
        await using var server = await Wire.StartAsync(Wire.Chat() with { Family = "deepseek2" });
        using var http = Wire.Client(server);

        var r = await Wire.PostAsync(http, "/api/chat", Chat(""","options":{"num_ctx":20}""", Message("user", Long + " " + Long)));

        Assert.Equal(400, r.Status);
        Assert.StartsWith("the prompt is longer than the context length", r.Error, StringComparison.Ordinal);
    }

    private static int Count(string text) => TestTokenizer.CountTokens(text);

    private static string Message(string role, string content) => $$"""{"role":"{{role}}","content":"{{content}}"}""";

    private static string Chat(string extra, string messages) => $$"""{"model":"m","stream":false{{extra}},"messages":[{{messages}}]}""";
}
