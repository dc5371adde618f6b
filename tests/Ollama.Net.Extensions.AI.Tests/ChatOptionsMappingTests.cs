using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Ollama.Net.Extensions.AI.Tests.Infrastructure;

namespace Ollama.Net.Extensions.AI.Tests;

public class ChatOptionsMappingTests
{
    private static async Task<JsonElement> SendAsync(ChatOptions? options, string? defaultModel = "m", Action<OllamaClientOptions>? configure = null)
    {
        var handler = new FakeHttpHandler().EnqueueJson(TestClient.TextReply("ok"));
        using var client = TestClient.Create(handler, configure);
        var chat = client.AsIChatClient(defaultModel);
        await chat.GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, "Hi")], options);
        return handler.Body();
    }

    [Fact]
    public async Task Without_options_only_the_model_messages_and_stream_flag_are_sent()
    {
        var body = await SendAsync(null);
        JsonAssert.Equal("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"stream":false}""", body.GetRawText());
    }

    [Fact]
    public async Task Sampling_options_map_to_the_ollama_options_object()
    {
        var body = await SendAsync(new ChatOptions
        {
            Temperature = 0.25f,
            MaxOutputTokens = 128,
            TopP = 0.5f,
            TopK = 7,
            Seed = 42,
            StopSequences = ["END", "\n\n"],
            FrequencyPenalty = 0.125f,
            PresencePenalty = 0.75f,
        });

        JsonAssert.Equal(
            """{"temperature":0.25,"num_predict":128,"top_p":0.5,"top_k":7,"seed":42,"stop":["END","\n\n"],"frequency_penalty":0.125,"presence_penalty":0.75}""",
            body.GetProperty("options").GetRawText());
    }

    [Fact]
    public async Task A_seed_beyond_32_bits_is_rejected()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            client.AsIChatClient("m").GetResponseAsync("Hi", new ChatOptions { Seed = long.MaxValue }));
        Assert.Contains("32-bit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelId_overrides_the_default_model()
    {
        var body = await SendAsync(new ChatOptions { ModelId = "other" });
        Assert.Equal("other", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task The_clients_default_model_is_used_when_no_model_is_given()
    {
        var body = await SendAsync(null, defaultModel: null, configure: o => o.DefaultModel = "from-options");
        Assert.Equal("from-options", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task No_model_anywhere_is_a_clear_error_before_any_request()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.AsIChatClient().GetResponseAsync("Hi"));
        Assert.Contains("ChatOptions.ModelId", error.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultModel", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
        Assert.Throws<InvalidOperationException>(() => client.AsIChatClient().GetStreamingResponseAsync("Hi"));
    }

    [Fact]
    public async Task Instructions_become_a_leading_system_message()
    {
        var body = await SendAsync(new ChatOptions { Instructions = "Answer in French." });
        JsonAssert.Equal(
            """[{"role":"system","content":"Answer in French."},{"role":"user","content":"Hi"}]""",
            body.GetProperty("messages").GetRawText());
    }

    [Fact]
    public async Task Text_response_format_sends_no_format()
    {
        var body = await SendAsync(new ChatOptions { ResponseFormat = ChatResponseFormat.Text });
        Assert.False(body.TryGetProperty("format", out _));
    }

    [Fact]
    public async Task Json_response_format_sends_json_mode()
    {
        var body = await SendAsync(new ChatOptions { ResponseFormat = ChatResponseFormat.Json });
        Assert.Equal("json", body.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Json_schema_response_format_sends_the_schema()
    {
        var schema = JsonElement.Parse("""{"type":"object","properties":{"answer":{"type":"integer"}},"required":["answer"]}""");
        var body = await SendAsync(new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "Answer") });
        JsonAssert.Equal(schema.GetRawText(), body.GetProperty("format").GetRawText());
    }

    [Theory]
    [InlineData(ReasoningEffort.None, "false")]
    [InlineData(ReasoningEffort.Low, "\"low\"")]
    [InlineData(ReasoningEffort.Medium, "\"medium\"")]
    [InlineData(ReasoningEffort.High, "\"high\"")]
    [InlineData(ReasoningEffort.ExtraHigh, "\"max\"")]
    public async Task Reasoning_effort_maps_to_think(ReasoningEffort effort, string expected)
    {
        var body = await SendAsync(new ChatOptions { Reasoning = new ReasoningOptions { Effort = effort } });
        Assert.Equal(expected, body.GetProperty("think").GetRawText());
    }

    [Fact]
    public async Task Asking_for_reasoning_output_without_an_effort_turns_thinking_on()
    {
        var body = await SendAsync(new ChatOptions { Reasoning = new ReasoningOptions { Output = ReasoningOutput.Full } });
        Assert.Equal("true", body.GetProperty("think").GetRawText());
    }

    [Fact]
    public async Task No_reasoning_options_send_no_think()
    {
        var body = await SendAsync(new ChatOptions { Reasoning = new ReasoningOptions { Output = ReasoningOutput.None } });
        Assert.False(body.TryGetProperty("think", out _));
    }

    [Fact]
    public async Task Function_tools_are_sent_with_their_schema()
    {
        var body = await SendAsync(new ChatOptions { Tools = [WeatherTool] });
        var tool = Assert.Single(body.GetProperty("tools").EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        var function = tool.GetProperty("function");
        Assert.Equal("get_weather", function.GetProperty("name").GetString());
        Assert.Equal("Gets the weather of a city.", function.GetProperty("description").GetString());
        var parameters = function.GetProperty("parameters");
        Assert.Equal("object", parameters.GetProperty("type").GetString());
        Assert.Equal("string", parameters.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("The city name", parameters.GetProperty("properties").GetProperty("city").GetProperty("description").GetString());
        Assert.Equal("city", Assert.Single(parameters.GetProperty("required").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task ToolMode_none_sends_no_tools()
    {
        var body = await SendAsync(new ChatOptions { Tools = [WeatherTool, TimeTool], ToolMode = ChatToolMode.None });
        Assert.False(body.TryGetProperty("tools", out _));
    }

    [Fact]
    public async Task ToolMode_auto_and_require_any_send_all_tools()
    {
        foreach (var mode in new ChatToolMode?[] { null, ChatToolMode.Auto, ChatToolMode.RequireAny })
        {
            var body = await SendAsync(new ChatOptions { Tools = [WeatherTool, TimeTool], ToolMode = mode });
            Assert.Equal(2, body.GetProperty("tools").GetArrayLength());
        }
    }

    [Fact]
    public async Task ToolMode_require_specific_sends_only_that_function()
    {
        var body = await SendAsync(new ChatOptions { Tools = [WeatherTool, TimeTool], ToolMode = ChatToolMode.RequireSpecific("get_time") });
        var tool = Assert.Single(body.GetProperty("tools").EnumerateArray());
        Assert.Equal("get_time", tool.GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ToolMode_require_specific_with_an_unknown_function_is_an_error()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.AsIChatClient("m").GetResponseAsync(
            "Hi", new ChatOptions { Tools = [WeatherTool], ToolMode = ChatToolMode.RequireSpecific("nope") }));
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosted_tools_are_skipped()
    {
        var body = await SendAsync(new ChatOptions { Tools = [new HostedWebSearchTool(), WeatherTool] });
        Assert.Equal("get_weather", Assert.Single(body.GetProperty("tools").EnumerateArray()).GetProperty("function").GetProperty("name").GetString());
        var none = await SendAsync(new ChatOptions { Tools = [new HostedWebSearchTool()] });
        Assert.False(none.TryGetProperty("tools", out _));
    }

    [Fact]
    public async Task Additional_properties_fill_request_fields_and_untyped_options()
    {
        var body = await SendAsync(new ChatOptions
        {
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                ["keep_alive"] = TimeSpan.FromMinutes(10),
                ["think"] = "high",
                ["truncate"] = false,
                ["shift"] = true,
                ["logprobs"] = true,
                ["top_logprobs"] = 3,
                ["num_ctx"] = 8192,
                ["repeat_penalty"] = 1.1,
                ["mirostat_future"] = "kept as is",
            },
        });

        Assert.Equal(600, body.GetProperty("keep_alive").GetDouble());
        Assert.Equal("high", body.GetProperty("think").GetString());
        Assert.False(body.GetProperty("truncate").GetBoolean());
        Assert.True(body.GetProperty("shift").GetBoolean());
        Assert.True(body.GetProperty("logprobs").GetBoolean());
        Assert.Equal(3, body.GetProperty("top_logprobs").GetInt32());
        JsonAssert.Equal("""{"num_ctx":8192,"repeat_penalty":1.1,"mirostat_future":"kept as is"}""", body.GetProperty("options").GetRawText());
    }

    [Fact]
    public async Task A_keep_alive_duration_string_is_sent_as_given()
    {
        var body = await SendAsync(new ChatOptions { AdditionalProperties = new() { ["keep_alive"] = "5m" } });
        Assert.Equal("5m", body.GetProperty("keep_alive").GetString());
    }

    [Fact]
    public async Task Typed_options_win_over_additional_properties_with_the_same_name()
    {
        var body = await SendAsync(new ChatOptions
        {
            Temperature = 0.5f,
            AdditionalProperties = new() { ["temperature"] = 0.9, ["num_predict"] = 77 },
        });
        JsonAssert.Equal("""{"temperature":0.5,"num_predict":77}""", body.GetProperty("options").GetRawText());
    }

    [Fact]
    public async Task A_wrongly_typed_additional_property_is_a_clear_error()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.AsIChatClient("m").GetResponseAsync(
            "Hi", new ChatOptions { AdditionalProperties = new() { ["truncate"] = "maybe" } }));
        Assert.Contains("AdditionalProperties[\"truncate\"]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawRepresentationFactory_can_supply_a_starting_request()
    {
        var body = await SendAsync(new ChatOptions
        {
            Temperature = 0.1f,
            RawRepresentationFactory = _ => new ChatRequest { KeepAlive = KeepAlive.Forever, Options = new ModelOptions { NumCtx = 2048 } },
        });
        Assert.Equal(-1, body.GetProperty("keep_alive").GetInt32());
        JsonAssert.Equal("""{"num_ctx":2048,"temperature":0.1}""", body.GetProperty("options").GetRawText());
    }

    [Fact]
    public async Task A_continuation_token_is_not_supported()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        await Assert.ThrowsAsync<NotSupportedException>(() => client.AsIChatClient("m").GetResponseAsync(
            "Hi", new ChatOptions { ContinuationToken = ResponseContinuationToken.FromBytes(new byte[] { 1 }) }));
    }

    internal static readonly AIFunction WeatherTool = AIFunctionFactory.Create(
        ([Description("The city name")] string city) => $"Sunny in {city}", "get_weather", "Gets the weather of a city.");

    internal static readonly AIFunction TimeTool = AIFunctionFactory.Create(() => "12:00", "get_time", "Gets the time.");
}
