using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Reliability;

/// <summary>
/// <c>AddOllamaResilienceHandler</c> against <c>AddStandardResilienceHandler</c> over loopback, on a fake clock shared by
/// the test server (model load, token rate) and the resilience pipelines: a minute of simulated time runs in moments.
/// </summary>
public class ResilienceHandlerTests
{
    private const string Model = "m";

    // 60 one-character chunks at one token per second: a 60-second stream.
    private static readonly string Answer = new('x', 60);

    private static async Task<OllamaTestServer> StartAsync(FakeTimeProvider time, TimeSpan loadTime)
    {
        var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions
        {
            TimeProvider = time,
            TokensPerSecond = 1,
            ModelLoadTime = loadTime,
        });
        server.Models.Add(new TestModel(Model));
        server.Replies.Generator = _ => new ScriptedReply { Content = Answer, ChunkSize = 1 };
        return server;
    }

    private static ServiceProvider Services(OllamaTestServer server, FakeTimeProvider time, Action<IHttpClientBuilder> resilience)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        resilience(services.AddOllamaClient(o =>
        {
            o.Endpoint = server.Endpoint;
            o.UseEnvironmentVariables = false;
        }));
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Streams the answer, moving the fake clock a second at a time once the server has the request (the model load
    /// or the first token waits on the clock, so the clock never runs ahead of a request still on its way).
    /// </summary>
    private static async Task<(List<ChatUpdate> Updates, Exception? Error)> StreamOnFakeClockAsync(OllamaTestServer server, OllamaClient client, FakeTimeProvider time)
    {
        var reading = Harness.DrainAsync(client.ChatStreamingAsync(new ChatRequest(Model, Message.User("go")), Harness.Safety()));
        await server.WaitForStatisticsAsync(s => s.LoadingModel is not null || s.RunningRequests > 0).WaitAsync(Harness.Bound);
        for (var step = 0; !reading.IsCompleted && step < 1_000; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(reading, Task.Delay(10));
        }

        return await reading.WaitAsync(Harness.Bound);
    }

    [Fact]
    public async Task A_60_second_stream_after_a_20_second_model_load_survives_the_Ollama_resilience_handler()
    {
        var time = new FakeTimeProvider();
        await using var server = await StartAsync(time, TimeSpan.FromSeconds(20));
        using var services = Services(server, time, b => b.AddOllamaResilienceHandler());
        var started = time.GetUtcNow();

        var (updates, error) = await StreamOnFakeClockAsync(server, services.GetRequiredService<OllamaClient>(), time);

        Assert.Null(error);
        Assert.Equal(Answer, string.Concat(updates.Select(u => u.Message.Content)));
        Assert.True(updates[^1].Done);
        Assert.True(time.GetUtcNow() - started >= TimeSpan.FromSeconds(80), $"only {time.GetUtcNow() - started} passed");
        Assert.Single(server.Requests);
        Assert.Equal(1, server.Statistics.ModelLoads);
    }

    [Fact]
    public async Task The_standard_resilience_handler_times_out_the_same_call_during_the_load_and_sends_it_again()
    {
        var time = new FakeTimeProvider();
        await using var server = await StartAsync(time, TimeSpan.FromSeconds(20));
        var attempts = new AttemptCounter();
        using var services = Services(server, time, b => b
            .AddStandardResilienceHandler(o => o.Retry.UseJitter = false) // its defaults otherwise: 10 s per attempt, 30 s in all
            .Services.AddHttpClient(b.Name).AddHttpMessageHandler(() => new CountingHandler(attempts)));

        var (updates, error) = await StreamOnFakeClockAsync(server, services.GetRequiredService<OllamaClient>(), time);

        Assert.Empty(updates);
        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error);
        Assert.True(attempts.Count >= 2, $"{attempts.Count} attempt(s)");
    }

    [Fact]
    public async Task The_Ollama_resilience_handler_retries_a_busy_server()
    {
        var time = new FakeTimeProvider();
        await using var server = await StartAsync(time, TimeSpan.Zero);
        server.Faults.Next(Fault.Busy());
        server.Faults.Next(Fault.Busy());
        using var services = Services(server, time, b => b.AddOllamaResilienceHandler(o => o.Delay = TimeSpan.Zero));

        var (updates, error) = await StreamOnFakeClockAsync(server, services.GetRequiredService<OllamaClient>(), time);

        Assert.Null(error);
        Assert.Equal(Answer, string.Concat(updates.Select(u => u.Message.Content)));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task The_Ollama_resilience_handler_does_not_resend_a_stream_that_broke_after_a_chunk()
    {
        var time = new FakeTimeProvider();
        await using var server = await StartAsync(time, TimeSpan.Zero);
        server.Faults.Next(Fault.CutAfterChunks(2));
        using var services = Services(server, time, b => b.AddOllamaResilienceHandler(o => o.Delay = TimeSpan.Zero));

        var (updates, error) = await StreamOnFakeClockAsync(server, services.GetRequiredService<OllamaClient>(), time);

        Assert.Equal(2, updates.Count);
        Assert.IsType<OllamaException>(error);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Bad_settings_fail_at_once_naming_the_setting()
    {
        var builder = new ServiceCollection().AddOllamaClient();

        var error = Assert.Throws<ArgumentException>("configure", () => builder.AddOllamaResilienceHandler(o => o.MaxRetryAttempts = -2));

        Assert.StartsWith("OllamaRetryOptions.MaxRetryAttempts must be from 0 to 100", error.Message);
    }

    private sealed class AttemptCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHandler(AttemptCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Add();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
