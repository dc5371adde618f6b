using System.Text;
using System.Text.Json.Nodes;
using Ollama.Net.Testing;
using Ollama.Net.TestServer.Tool.Scenarios;

namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>Scenario files: what a valid one sets up, and the error (file, line, column, field, problem) for each kind of mistake.</summary>
public class ScenarioFileTests
{
    private static Scenario Load(string json) => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "s.json");

    private static string Error(string json) => Assert.Throws<ScenarioException>(() => Load(json)).Message;

    [Fact]
    public void A_full_scenario_converts_every_section()
    {
        var scenario = Load("""
            {
              "$schema": "./ollama-test-server.schema.json",
              "preset": "empty",
              "generator": "simulated",
              "version": "0.9.0",
              "models": [
                { "name": "qwen3:0.6b", "capabilities": ["completion", "thinking"], "size": 523000000, "context_length": 40960,
                  "family": "qwen3", "parameters": { "num_ctx": 8192 }, "modified_at": "2026-02-01T08:00:00Z", "layer_sizes": [10, 20] },
                { "name": "all-minilm", "capabilities": ["embedding"], "embedding_length": 384 }
              ],
              "registry": [{ "name": "llama3.2:1b" }],
              "replies": [
                { "model": "qwen3:0.6b", "thinking": "Hmm.", "content": "Hi!", "chunk_size": 2, "done_reason": "length", "eval_count": 3 },
                { "tool_calls": [{ "name": "get_weather", "arguments": { "city": "Tokyo" }, "id": "call_1" }], "fault": { "trickle": true } },
                { "json": { "score": 8 } }
              ],
              "faults": [
                { "path": "/api/chat", "model": "qwen3:0.6b", "once": true, "cut_after_chunks": 2, "delay_first_byte": "10ms" },
                { "status": 418, "body": "teapot" }
              ],
              "scheduler": { "model_load_time": "2s", "max_loaded_models": 2, "num_parallel": 1, "max_queue": 8,
                             "tokens_per_second": 50.5, "keep_alive": "-1s", "context_length": 2048 },
              "origins": ["http://app.example"],
              "chunk_delay": "15ms",
              "signed_in": false
            }
            """);

        Assert.Equal(Scenario.EmptyPreset, scenario.Preset);
        Assert.Equal(Scenario.SimulatedGenerator, scenario.Generator);
        Assert.Equal("0.9.0", scenario.Version);
        var qwen = scenario.Models[0];
        Assert.Equal("qwen3:0.6b", qwen.Name);
        Assert.Equal(TestModelCapabilities.Completion | TestModelCapabilities.Thinking, qwen.Capabilities);
        Assert.Equal((523_000_000L, 40960, "qwen3"), (qwen.Size, qwen.ContextLength, qwen.Family));
        Assert.Equal(8192, (int)qwen.Parameters!["num_ctx"]!);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero), qwen.ModifiedAt);
        Assert.Equal([10L, 20L], qwen.LayerSizes);
        Assert.Equal("all-minilm:latest", scenario.Models[1].Name);
        Assert.Equal(TestModelCapabilities.Embedding, scenario.Models[1].Capabilities);
        Assert.Equal("llama3.2:1b", Assert.Single(scenario.Registry).Name);

        Assert.Equal(3, scenario.Replies.Count);
        var (model, first) = scenario.Replies[0];
        Assert.Equal("qwen3:0.6b", model);
        Assert.Equal(("Hmm.", "Hi!", 2, "length", 3), (first.Thinking, first.Content, first.ChunkSize, first.DoneReason, first.EvalCount));
        var (anyModel, tool) = scenario.Replies[1];
        Assert.Null(anyModel);
        var call = Assert.Single(tool.ToolCalls!);
        Assert.Equal(("get_weather", "call_1", "Tokyo"), (call.Name, call.Id, (string?)call.Arguments["city"]));
        Assert.Equal("one-byte trickle", tool.Fault?.ToString());
        Assert.Equal("""{"score":8}""", scenario.Replies[2].Reply.Json!.ToJsonString());

        var fault = scenario.Faults[0];
        Assert.Equal(("/api/chat", "qwen3:0.6b", true), (fault.Path, fault.Model, fault.Once));
        Assert.Equal("delay first byte 00:00:00.0100000 + cut after 2 chunk(s)", fault.Fault.ToString());
        Assert.Equal((null, null, false, "respond 418"), (scenario.Faults[1].Path, scenario.Faults[1].Model, scenario.Faults[1].Once, scenario.Faults[1].Fault.ToString()));

        Assert.Equal(TimeSpan.FromSeconds(2), scenario.ModelLoadTime);
        Assert.Equal((2, 1, 8, 50.5, 2048), (scenario.MaxLoadedModels, scenario.NumParallel, scenario.MaxQueue, scenario.TokensPerSecond, scenario.ContextLength));
        Assert.Equal(TimeSpan.FromSeconds(-1), scenario.KeepAlive);
        Assert.Equal(["http://app.example"], scenario.Origins);
        Assert.Equal(TimeSpan.FromMilliseconds(15), scenario.ChunkDelay);
        Assert.False(scenario.SignedIn);
    }

    [Fact]
    public void An_empty_object_is_the_offline_preset_with_simulated_answers()
    {
        var scenario = Load("{}");

        Assert.Equal(Scenario.OfflinePreset, scenario.Preset);
        Assert.Null(scenario.Generator);
        Assert.Equal(ScriptedReply.Simulated, scenario.ReplyGenerator);
        Assert.Equal(ScriptedReply.Echo, new Scenario { Preset = Scenario.EmptyPreset }.ReplyGenerator);
        Assert.Empty(scenario.Models);
        Assert.Null(scenario.MaxQueue);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("250µs", 250 * TimeSpan.TicksPerMicrosecond)]
    [InlineData(".5s", 5 * TimeSpan.TicksPerSecond / 10)]
    [InlineData("1m30s", 90 * TimeSpan.TicksPerSecond)]
    [InlineData("1.5h", 90 * TimeSpan.TicksPerMinute)]
    [InlineData("-1s", -TimeSpan.TicksPerSecond)]
    public void Durations_are_go_durations_as_in_ollamas_keep_alive(string text, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), Load($$$"""{"scheduler": {"keep_alive": "{{{text}}}"}}""").KeepAlive);

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var scenario = Load("""
            {
              // no preset models
              "preset": "empty", /* just mine */
              "models": [{ "name": "m", },],
            }
            """);

        Assert.Equal("m:latest", Assert.Single(scenario.Models).Name);
    }

    [Theory]
    [InlineData("""{"modles": []}""", "s.json:1:2: modles: unknown field; did you mean 'models'?")]
    [InlineData("""{"colours": []}""",
        "s.json:1:2: colours: unknown field; known fields: $schema, preset, generator, version, models, registry, replies, faults, scheduler, origins, chunk_delay, signed_in")]
    [InlineData("""{"Models": []}""", "s.json:1:2: Models: unknown field; did you mean 'models'?")]
    [InlineData("""{"models": [{"name": "m", "sise": 1}]}""", "s.json:1:27: models[0].sise: unknown field; did you mean 'size'?")]
    [InlineData("""{"preset": "empty", "preset": "offline"}""", "s.json:1:21: preset: this field is given twice")]
    [InlineData("""{"models": {"name": "m"}}""", "s.json:1:12: models: expected an array, not an object")]
    [InlineData("""{"scheduler": {"max_queue": 3000000000}}""", "s.json:1:29: scheduler.max_queue: expected an integer (32-bit), not 3000000000")]
    [InlineData("""{"scheduler": {"num_parallel": 1.5}}""", "s.json:1:32: scheduler.num_parallel: expected an integer (32-bit), not 1.5")]
    [InlineData("""{"signed_in": "yes"}""", "s.json:1:15: signed_in: expected true or false, not \"yes\"")]
    [InlineData("""{"models": [{"name": "m", "modified_at": "yesterday"}]}""", "s.json:1:42: models[0].modified_at: expected a date and time such as \"2026-01-15T10:30:00Z\", not \"yesterday\"")]
    [InlineData("""{"models": [{"name": "m", "parameters": [1]}]}""", "s.json:1:41: models[0].parameters: expected an object, not an array")]
    [InlineData("""{"models": [null]}""", "s.json:1:13: models[0]: must not be null")]
    [InlineData("""{"models": [{"size": 1}]}""", "s.json:1:13: models[0].name: is required")]
    [InlineData("""{"models": [{"name": "bad name!"}]}""", "s.json:1:14: models[0].name: 'bad name!' is not a valid Ollama model name; use [namespace/]model[:tag], e.g. qwen2.5:0.5b")]
    [InlineData("""{"models": [{"name": "m", "capabilities": ["completion", "tool"]}]}""",
        "s.json:1:58: models[0].capabilities[1]: unknown capability 'tool'; expected one of completion, tools, insert, vision, embedding, thinking, audio, image")]
    [InlineData("""{"models": [{"name": "m", "size": -1}]}""", "s.json:1:27: models[0].size: must be at least 0, not -1")]
    [InlineData("""{"models": [{"name": "m", "digest": "sha256:abc"}]}""", "s.json:1:27: models[0].digest: expected 64 lower-case hex digits (no sha256: prefix)")]
    [InlineData("""{"replies": [{"chunk_size": 0}]}""", "s.json:1:15: replies[0].chunk_size: must be at least 1, not 0")]
    [InlineData("""{"replies": [{"model": "m", "tool_calls": [{"arguments": {}}]}]}""", "s.json:1:44: replies[0].tool_calls[0].name: is required")]
    [InlineData("""{"replies": [{"fault": {"path": "/api/chat", "busy": true}}]}""",
        "s.json:1:25: replies[0].fault.path: a reply's fault applies to the response that carries the reply; path, model and once belong to the top-level faults")]
    [InlineData("""{"faults": [{"path": "/api/chat"}]}""",
        "s.json:1:13: faults[0]: the fault does nothing; set at least one of delay_first_byte, delay_each_chunk, cut_after_chunks, error_after_chunks, malformed_line_after_chunks, hang_after_chunks, trickle, status, busy or unauthorized")]
    [InlineData("""{"faults": [{"path": "api/chat", "busy": true}]}""", "s.json:1:14: faults[0].path: expected a request path starting with '/', such as /api/chat, not 'api/chat'")]
    [InlineData("""{"faults": [{"cut_after_chunks": -1}]}""", "s.json:1:14: faults[0].cut_after_chunks: must be at least 0, not -1")]
    [InlineData("""{"faults": [{"delay_each_chunk": "10"}]}""", "s.json:1:14: faults[0].delay_each_chunk: expected a duration such as 500ms, 2s or 1m30s, not '10'")]
    [InlineData("""{"faults": [{"status": 500, "busy": true}]}""",
        "s.json:1:29: faults[0].busy: choose one of status, busy and unauthorized (they all set the response); status is set too")]
    [InlineData("""{"faults": [{"status": 700}]}""", "s.json:1:14: faults[0].status: expected an HTTP status from 100 to 599, not 700")]
    [InlineData("""{"faults": [{"error": "x"}]}""", "s.json:1:14: faults[0].error: needs status (the response it belongs to)")]
    [InlineData("""{"faults": [{"status": 500, "error": "x", "body": "y"}]}""", "s.json:1:43: faults[0].body: choose error (an Ollama error body) or body and content_type, not both")]
    [InlineData("""{"faults": [{"error_message": "x"}]}""", "s.json:1:14: faults[0].error_message: is the text of error_after_chunks, which is not set")]
    [InlineData("""{"faults": [{"busy": true, "signin_url": "https://x"}]}""", "s.json:1:28: faults[0].signin_url: needs \"unauthorized\": true")]
    [InlineData("""{"preset": "full"}""", "s.json:1:2: preset: expected one of offline, empty, not 'full'")]
    [InlineData("""{"scheduler": {"keep_alive": "forever"}}""", "s.json:1:16: scheduler.keep_alive: expected a duration such as 500ms, 2s or 1m30s, not 'forever'")]
    [InlineData("""{"scheduler": {"model_load_time": "-1s"}}""", "s.json:1:16: scheduler.model_load_time: must not be negative, not '-1s'")]
    [InlineData("""{"scheduler": {"context_length": 0}}""", "s.json:1:16: scheduler.context_length: must be at least 1, not 0")]
    [InlineData("""{"origins": [" "]}""", "s.json:1:14: origins[0]: must not be empty")]
    public void Each_mistake_names_the_line_column_field_and_problem(string json, string message) => Assert.Equal(message, Error(json));

    [Fact]
    public void Lines_and_columns_count_lines_and_characters()
    {
        var message = Error("""
            {
              "version": "猫🐈",
              "models": [
                { "name": "m", "size": "big" }
              ]
            }
            """);

        Assert.Equal("s.json:4:28: models[0].size: expected an integer, not \"big\"", message);
        Assert.Equal("s.json:2:21: preset: expected one of offline, empty, not 'x'", Error("{\n  \"version\": \"猫🐈\", \"preset\": \"x\"\n}"));
    }

    [Theory]
    [InlineData("", "s.json:1:1: invalid JSON: The input does not contain any JSON tokens")]
    [InlineData("{\"models\": [}", "s.json:1:13: models: invalid JSON: '}' is an invalid start of a value")]
    [InlineData("{} x", "s.json:1:4: invalid JSON: 'x' is invalid after a single JSON value")]
    [InlineData("[]", "s.json:1:1: expected an object, not an array")]
    public void Text_that_is_not_a_scenario_object_is_refused_with_its_place(string json, string start) => Assert.StartsWith(start, Error(json));

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        var message = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile(path)).Message;

        Assert.StartsWith($"{path}: cannot read the scenario file: ", message);
    }

    [Fact]
    public void Null_leaves_a_field_unset()
    {
        var scenario = Load("""{"preset": null, "replies": [{"chunk_size": null, "content": "x"}]}""");

        Assert.Equal(Scenario.OfflinePreset, scenario.Preset);
        Assert.Equal(new ScriptedReply().ChunkSize, scenario.Replies[0].Reply.ChunkSize);
    }

    [Fact]
    public void A_reply_json_can_be_any_json_value()
    {
        var scenario = Load("""{"replies": [{"json": [1, "two"]}, {"json": "text"}]}""");

        Assert.Equal("""[1,"two"]""", scenario.Replies[0].Reply.Json!.ToJsonString());
        Assert.Equal("\"text\"", scenario.Replies[1].Reply.Json!.ToJsonString());
        Assert.IsType<JsonArray>(scenario.Replies[0].Reply.Json);
    }
}
