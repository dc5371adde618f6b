using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Diagnostics;

public sealed class TelemetryTests : IDisposable
{
    private readonly TelemetryCollector _telemetry = new();
    private readonly string _model = "model-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public void Names_are_Ollama_Net()
    {
        Assert.Equal("Ollama.Net", OllamaTelemetry.ActivitySourceName);
        Assert.Equal("Ollama.Net", OllamaTelemetry.MeterName);
        Assert.Equal("ollama", OllamaTelemetry.ProviderName);
    }

    [Fact]
    public async Task Chat_produces_one_client_activity_with_gen_ai_request_and_response_tags()
    {
        var handler = new FakeHttpHandler().EnqueueJson(ChatFinal(_model, "Hello!"));
        using var client = TestClient.Create(handler);

        await client.ChatAsync(new ChatRequest(_model, Message.User("Hi"))
        {
            Options = new ModelOptions { Temperature = 0.25f, TopP = 0.5f, TopK = 7, NumPredict = 64, Seed = 42, FrequencyPenalty = 0.125f, PresencePenalty = 0.75f, Stop = ["END"] },
            Format = OutputFormat.Json,
            Think = ThinkValue.High,
        });

        var activity = Assert.Single(_telemetry.ActivitiesFor(_model));
        Assert.Equal($"chat {_model}", activity.DisplayName);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal("Ollama.Net", activity.Source.Name);
        Assert.Equal("chat", activity.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("ollama", activity.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(_model, activity.GetTagItem("gen_ai.request.model"));
        Assert.Equal(0.25, activity.GetTagItem("gen_ai.request.temperature"));
        Assert.Equal(0.5, activity.GetTagItem("gen_ai.request.top_p"));
        Assert.Equal(7, activity.GetTagItem("gen_ai.request.top_k"));
        Assert.Equal(64, activity.GetTagItem("gen_ai.request.max_tokens"));
        Assert.Equal(42, activity.GetTagItem("gen_ai.request.seed"));
        Assert.Equal(0.125, activity.GetTagItem("gen_ai.request.frequency_penalty"));
        Assert.Equal(0.75, activity.GetTagItem("gen_ai.request.presence_penalty"));
        Assert.Equal(new[] { "END" }, activity.GetTagItem("gen_ai.request.stop_sequences"));
        Assert.Equal("json", activity.GetTagItem("gen_ai.output.type"));
        Assert.Equal("high", activity.GetTagItem("gen_ai.request.reasoning.level"));
        Assert.Equal(false, activity.GetTagItem("gen_ai.request.stream"));
        Assert.Equal("127.0.0.1", activity.GetTagItem("server.address"));
        Assert.Equal(11434, activity.GetTagItem("server.port"));
        Assert.Equal(_model + "-served", activity.GetTagItem("gen_ai.response.model"));
        Assert.Equal(new[] { "stop" }, activity.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal(12, activity.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(20, activity.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Null(activity.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public async Task Prompts_and_answers_are_not_recorded_by_default()
    {
        var handler = new FakeHttpHandler().EnqueueJson(ChatFinal(_model, "the secret answer"));
        using var client = TestClient.Create(handler);

        await client.ChatAsync(new ChatRequest(_model, Message.User("the secret prompt")));

        var activity = Assert.Single(_telemetry.ActivitiesFor(_model));
        Assert.Null(activity.GetTagItem("gen_ai.input.messages"));
        Assert.Null(activity.GetTagItem("gen_ai.output.messages"));
        Assert.DoesNotContain(activity.TagObjects, t => t.Value?.ToString()?.Contains("secret", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Sensitive_data_opt_in_records_input_and_output_messages_in_the_gen_ai_format()
    {
        var handler = new FakeHttpHandler().EnqueueJson(
            $$$$"""{"model":"{{{{_model}}}}","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"","thinking":"hmm","tool_calls":[{"id":"call_1","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":true,"done_reason":"stop"}""");
        using var client = TestClient.Create(handler, o => o.EnableSensitiveTelemetryData = true);

        await client.ChatAsync(new ChatRequest(_model, Message.System("Be brief."), Message.User("Weather in Paris?"), Message.Tool("{\"t\":20}", "get_weather", "call_0")));

        var activity = Assert.Single(_telemetry.ActivitiesFor(_model));
        JsonAssert.Equal(
            """
            [{"role":"system","parts":[{"type":"text","content":"Be brief."}]},
             {"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},
             {"role":"tool","parts":[{"type":"tool_call_response","id":"call_0","response":"{\"t\":20}"}]}]
            """,
            (string?)activity.GetTagItem("gen_ai.input.messages"));
        JsonAssert.Equal(
            """
            [{"role":"assistant","parts":[{"type":"reasoning","content":"hmm"},{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}],"finish_reason":"stop"}]
            """,
            (string?)activity.GetTagItem("gen_ai.output.messages"));
    }

    [Fact]
    public async Task Streaming_chat_records_time_to_first_chunk_usage_and_the_accumulated_answer()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            $$"""{"model":"{{_model}}","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"Hel"},"done":false}""",
            $$"""{"model":"{{_model}}","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"lo"},"done":false}""",
            $$"""{"model":"{{_model}}","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","prompt_eval_count":5,"eval_count":2}""");
        using var client = TestClient.Create(handler, o => o.EnableSensitiveTelemetryData = true);

        await foreach (var _ in client.ChatStreamingAsync(new ChatRequest(_model, Message.User("Hi"))))
        {
        }

        var activity = Assert.Single(_telemetry.ActivitiesFor(_model));
        Assert.Equal(true, activity.GetTagItem("gen_ai.request.stream"));
        Assert.IsType<double>(activity.GetTagItem("gen_ai.response.time_to_first_chunk"));
        Assert.Equal(new[] { "length" }, activity.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal(5, activity.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(2, activity.GetTagItem("gen_ai.usage.output_tokens"));
        JsonAssert.Equal(
            """[{"role":"assistant","parts":[{"type":"text","content":"Hello"}],"finish_reason":"length"}]""",
            (string?)activity.GetTagItem("gen_ai.output.messages"));

        Assert.Single(_telemetry.MeasurementsFor(_model, OllamaTelemetry.TimeToFirstChunkMetric));
        Assert.Equal(2, _telemetry.MeasurementsFor(_model, OllamaTelemetry.TimePerOutputChunkMetric).Count);
    }

    [Fact]
    public async Task Generate_is_a_text_completion_with_system_instructions_when_opted_in()
    {
        var handler = new FakeHttpHandler().EnqueueJson(
            $$"""{"model":"{{_model}}","created_at":"2025-06-01T10:00:00Z","response":"42","done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":1}""");
        using var client = TestClient.Create(handler, o => o.EnableSensitiveTelemetryData = true);

        await client.GenerateAsync(new GenerateRequest(_model, "6 x 7?") { System = "Answer with a number." });

        var activity = Assert.Single(_telemetry.ActivitiesFor(_model));
        Assert.Equal($"text_completion {_model}", activity.DisplayName);
        Assert.Equal("text_completion", activity.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(3, activity.GetTagItem("gen_ai.usage.input_tokens"));
        JsonAssert.Equal("""[{"type":"text","content":"Answer with a number."}]""", (string?)activity.GetTagItem("gen_ai.system_instructions"));
        JsonAssert.Equal("""[{"role":"user","parts":[{"type":"text","content":"6 x 7?"}]}]""", (string?)activity.GetTagItem("gen_ai.input.messages"));
        JsonAssert.Equal("""[{"role":"assistant","parts":[{"type":"text","content":"42"}],"finish_reason":"stop"}]""", (string?)activity.GetTagItem("gen_ai.output.messages"));
    }

    [Fact]
    public async Task Streaming_generate_is_traced_too()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            $$"""{"model":"{{_model}}","created_at":"2025-06-01T10:00:00Z","response":"4","done":false}""",
            $$"""{"model":"{{_model}}","created_at":"2025-06-01T10:00:00Z","response":"2","done":true,"done_reason":"stop","eval_count":2}""");
        using var client = TestClient.Create(handler);

        await foreach (var _ in client.GenerateStreamingAsync(new GenerateRequest(_model, "6 x 7?")))
        {
        }

        var activity = Assert.Single(_telemetry.ActivitiesFor(_model));
        Assert.Equal("text_completion", activity.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(true, activity.GetTagItem("gen_ai.request.stream"));
        Assert.Equal(2, activity.GetTagItem("gen_ai.usage.output_tokens"));
    }

    [Fact]
    public async Task Embed_is_an_embeddings_operation_with_input_tokens_and_the_requested_dimensions()
    {
        var handler = new FakeHttpHandler().EnqueueJson($$"""{"model":"{{_model}}","embeddings":[[0.6,0.8]],"prompt_eval_count":4}""");
        using var client = TestClient.Create(handler);

        await client.EmbedAsync(new EmbedRequest(_model, "a") { Dimensions = 2 });

        var activity = Assert.Single(_telemetry.ActivitiesFor(_model));
        Assert.Equal($"embeddings {_model}", activity.DisplayName);
        Assert.Equal("embeddings", activity.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(2, activity.GetTagItem("gen_ai.embeddings.dimension.count"));
        Assert.Equal(4, activity.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Null(activity.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Null(activity.GetTagItem("gen_ai.request.stream"));

        var usage = Assert.Single(_telemetry.MeasurementsFor(_model, OllamaTelemetry.TokenUsageMetric));
        Assert.Equal("input", usage.Tags["gen_ai.token.type"]);
        Assert.Equal(4, usage.Value);
    }

    [Fact]
    public async Task An_http_error_sets_error_type_to_the_status_code_and_the_status_to_error()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"model 'x' not found"}""", HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler);

        await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => client.ChatAsync(new ChatRequest(_model, Message.User("Hi"))));

        var activity = Assert.Single(_telemetry.ActivitiesFor(_model));
        Assert.Equal("404", activity.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);

        var duration = Assert.Single(_telemetry.MeasurementsFor(_model, OllamaTelemetry.OperationDurationMetric));
        Assert.Equal("404", duration.Tags["error.type"]);
    }

    [Fact]
    public async Task An_error_line_inside_a_stream_sets_error_type_to_the_exception_type()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            $$"""{"model":"{{_model}}","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"Hel"},"done":false}""",
            """{"error":"out of memory"}""");
        using var client = TestClient.Create(handler);

        await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var _ in client.ChatStreamingAsync(new ChatRequest(_model, Message.User("Hi"))))
            {
            }
        });

        var activity = Assert.Single(_telemetry.ActivitiesFor(_model));
        Assert.Equal("Ollama.Net.OllamaException", activity.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
    }

    [Fact]
    public async Task Duration_and_token_usage_histograms_carry_the_gen_ai_tags()
    {
        var handler = new FakeHttpHandler().EnqueueJson(ChatFinal(_model, "Hello!"));
        using var client = TestClient.Create(handler);

        await client.ChatAsync(new ChatRequest(_model, Message.User("Hi")));

        var duration = Assert.Single(_telemetry.MeasurementsFor(_model, OllamaTelemetry.OperationDurationMetric));
        Assert.True(duration.Value >= 0);
        Assert.Equal("chat", duration.Tags["gen_ai.operation.name"]);
        Assert.Equal("ollama", duration.Tags["gen_ai.provider.name"]);
        Assert.Equal(_model + "-served", duration.Tags["gen_ai.response.model"]);
        Assert.Equal("127.0.0.1", duration.Tags["server.address"]);
        Assert.Equal(11434, duration.Tags["server.port"]);
        Assert.False(duration.Tags.ContainsKey("error.type"));

        var usage = _telemetry.MeasurementsFor(_model, OllamaTelemetry.TokenUsageMetric);
        Assert.Equal(12, Assert.Single(usage, m => Equals(m.Tags["gen_ai.token.type"], "input")).Value);
        Assert.Equal(20, Assert.Single(usage, m => Equals(m.Tags["gen_ai.token.type"], "output")).Value);

        Assert.Empty(_telemetry.MeasurementsFor(_model, OllamaTelemetry.TimeToFirstChunkMetric)); // not a stream
    }

    [Fact]
    public async Task Calls_that_are_not_generation_are_not_traced()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"version":"0.12.10"}""");
        using var client = TestClient.Create(handler);
        var before = _telemetry.AllActivities.Count;

        await client.GetVersionAsync();

        Assert.DoesNotContain(_telemetry.AllActivities.Skip(before), a => a.GetTagItem("gen_ai.operation.name") is null);
    }

    [Fact]
    public async Task The_activity_is_a_child_of_the_current_activity()
    {
        using var parentSource = new ActivitySource("Ollama.Net.Tests.Parent");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == parentSource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var handler = new FakeHttpHandler().EnqueueJson(ChatFinal(_model, "Hello!"));
        using var client = TestClient.Create(handler);

        using (var parent = parentSource.StartActivity("outer"))
        {
            await client.ChatAsync(new ChatRequest(_model, Message.User("Hi")));
            var activity = Assert.Single(_telemetry.ActivitiesFor(_model));
            Assert.Equal(parent!.SpanId, activity.ParentSpanId);
        }
    }

    internal static string ChatFinal(string model, string content)
        => $$"""{"model":"{{model}}-served","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":{{JsonSerializer.Serialize(content)}}},"done":true,"done_reason":"stop","prompt_eval_count":12,"eval_count":20}""";
}
