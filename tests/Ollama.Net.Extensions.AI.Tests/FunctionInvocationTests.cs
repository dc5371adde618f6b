using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Ollama.Net.Extensions.AI.Tests.Infrastructure;

namespace Ollama.Net.Extensions.AI.Tests;

public class FunctionInvocationTests
{
    private const string ToolCallReply = """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_abc123","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":true,"done_reason":"stop","prompt_eval_count":30,"eval_count":10}""";

    private static string FinalReply => TestClient.TextReply("It is sunny in Paris.");

    [Fact]
    public async Task A_tool_calling_conversation_completes_through_FunctionInvokingChatClient()
    {
        var handler = new FakeHttpHandler().EnqueueJson(ToolCallReply).EnqueueJson(FinalReply);
        using var client = TestClient.Create(handler);
        var calls = new List<string>();
        var tool = AIFunctionFactory.Create(
            ([Description("The city")] string city) =>
            {
                calls.Add(city);
                return $"Sunny, 24 C in {city}";
            },
            "get_weather",
            "Gets the weather.");
        using var chat = new ChatClientBuilder(client.AsIChatClient("m")).UseFunctionInvocation().Build();

        var response = await chat.GetResponseAsync("Weather in Paris?", new ChatOptions { Tools = [tool] });

        Assert.Equal("It is sunny in Paris.", response.Text);
        Assert.Equal(["Paris"], calls);
        Assert.Equal(2, handler.Requests.Count);
        Assert.True(handler.Body(0).TryGetProperty("tools", out _));

        var history = handler.Body(1).GetProperty("messages");
        Assert.Equal(3, history.GetArrayLength());
        JsonAssert.Equal(
            """{"role":"assistant","content":"","tool_calls":[{"id":"call_abc123","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}}]}""",
            history[1].GetRawText());
        JsonAssert.Equal(
            """{"role":"tool","content":"Sunny, 24 C in Paris","tool_name":"get_weather","tool_call_id":"call_abc123"}""",
            history[2].GetRawText());

        // The whole exchange is in the response: the call, the result and the answer, with the usage of both calls.
        Assert.Contains(response.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent { CallId: "call_abc123" });
        Assert.Contains(response.Messages.SelectMany(m => m.Contents), c => c is FunctionResultContent { CallId: "call_abc123" });
        Assert.Equal(42, response.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task A_streamed_tool_calling_conversation_completes_too()
    {
        var handler = new FakeHttpHandler()
            .EnqueueNdjson(
                """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_s1","function":{"index":0,"name":"get_weather","arguments":{"city":"Rome"}}}]},"done":false}""",
                """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}""")
            .EnqueueNdjson(
                """{"model":"m","created_at":"2025-06-01T10:00:01Z","message":{"role":"assistant","content":"Warm "},"done":false}""",
                """{"model":"m","created_at":"2025-06-01T10:00:01Z","message":{"role":"assistant","content":"in Rome."},"done":true,"done_reason":"stop"}""");
        using var client = TestClient.Create(handler);
        var tool = AIFunctionFactory.Create((string city) => $"30 C in {city}", "get_weather");
        using var chat = new ChatClientBuilder(client.AsIChatClient("m")).UseFunctionInvocation().Build();

        var response = await chat.GetStreamingResponseAsync("Weather in Rome?", new ChatOptions { Tools = [tool] }).ToChatResponseAsync();

        Assert.EndsWith("Warm in Rome.", response.Text, StringComparison.Ordinal);
        JsonAssert.Equal(
            """{"role":"tool","content":"30 C in Rome","tool_name":"get_weather","tool_call_id":"call_s1"}""",
            handler.Body(1).GetProperty("messages")[2].GetRawText());
    }

    [Fact]
    public async Task The_client_works_inside_a_pipeline_with_logging_telemetry_and_function_invocation()
    {
        const string sourceName = "Ollama.Net.Extensions.AI.Tests.Pipeline";
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (activities)
                {
                    activities.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var logs = new List<string>();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(logs)));

        var handler = new FakeHttpHandler().EnqueueJson(ToolCallReply).EnqueueJson(FinalReply);
        using var client = TestClient.Create(handler);
        var tool = AIFunctionFactory.Create((string city) => "Sunny", "get_weather");
        using var chat = new ChatClientBuilder(client.AsIChatClient("m"))
            .UseLogging(loggerFactory)
            .UseFunctionInvocation(loggerFactory)
            .UseOpenTelemetry(loggerFactory, sourceName) // inside function invocation: one span per model call
            .Build();

        var response = await chat.GetResponseAsync("Weather in Paris?", new ChatOptions { Tools = [tool] });

        Assert.Equal("It is sunny in Paris.", response.Text);
        Assert.NotEmpty(logs);
        Activity[] snapshot;
        lock (activities)
        {
            snapshot = [.. activities];
        }

        var chatSpans = snapshot.Where(a => Equals(a.GetTagItem("gen_ai.operation.name"), "chat")).ToList();
        Assert.Equal(2, chatSpans.Count); // one per model call
        Assert.All(chatSpans, a => Assert.Equal("ollama", a.GetTagItem("gen_ai.provider.name"))); // from ChatClientMetadata
        Assert.All(chatSpans, a => Assert.Equal("127.0.0.1", a.GetTagItem("server.address")));
    }

    private sealed class ListLoggerProvider(List<string> messages) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(messages);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (messages)
                {
                    messages.Add(formatter(state, exception));
                }
            }
        }
    }
}
