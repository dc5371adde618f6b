using Microsoft.Extensions.Logging;
using Ollama.Net.IntegrationTests.Reliability;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Security;

/// <summary>
/// The API key never reaches logs or telemetry, even with bodies logged and sensitive telemetry on; and a key about
/// to travel over plain http:// to a host that is not loopback gets one warning.
/// </summary>
[Collection(TelemetryCollection.Name)]
public class LogAndTelemetryTests
{
    private const string Key = "sk-logtest-0c4b1d9e2f7a6358";

    [Fact]
    public async Task The_key_never_reaches_logs_or_telemetry_whatever_happens()
    {
        await using var server = await Harness.StartServerAsync();
        server.Replies.Generator = _ => new ScriptedReply { Content = "0123456789", ChunkSize = 2 };
        var logs = new CapturingLoggerFactory();
        using var telemetry = new TelemetryCapture();
        using var client = Harness.Client(server, o =>
        {
            o.ApiKey = Key;
            o.LoggerFactory = logs;
            o.LogContent = true;
            o.EnableSensitiveTelemetryData = true;
        });

        await client.ChatAsync(Harness.Chat(), Harness.Safety());
        await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));
        await client.GenerateAsync(new GenerateRequest(Harness.ChatModel, "hi"), Harness.Safety());
        await client.EmbedAsync(Harness.EmbedModel, "x", Harness.Safety());
        await client.ListModelsAsync(Harness.Safety());
        server.Faults.Next(Fault.Unauthorized());
        await Harness.CaptureAsync(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));
        server.Faults.Next(Fault.Error(400, $"bad header Authorization: Bearer {Key}"));
        await Harness.CaptureAsync(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));
        server.Faults.Next(Fault.Error(500, $"echo {Key}"));
        await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));
        server.Faults.Next(Fault.CutAfterChunks(2));
        await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));
        server.Faults.Next(Fault.ErrorAfterChunks(1, "runner failed"));
        await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Trace); // bodies were logged: the check below means something
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning); // and failures too
        Assert.All(logs.Entries, e => Assert.DoesNotContain(Key, e.Text, StringComparison.Ordinal));
        Assert.All(telemetry.Texts, t => Assert.DoesNotContain(Key, t, StringComparison.Ordinal));
        Assert.Contains(telemetry.Texts, t => t.Contains("gen_ai.", StringComparison.Ordinal)); // telemetry was captured
        Assert.DoesNotContain(logs.Entries, e => e.Id.Name == "ApiKeyOverPlainHttp"); // loopback: no warning
    }

    [Theory]
    [InlineData("http://ollama.example.invalid:11434/")]
    [InlineData("http://192.0.2.10:11434/")]
    [InlineData("http://my-gpu-box/ollama")]
    public void A_key_over_plain_http_to_a_remote_host_logs_one_warning_without_the_key(string endpoint)
    {
        var logs = new CapturingLoggerFactory();

        using var client = Harness.Client(new Uri(endpoint), o =>
        {
            o.ApiKey = Key;
            o.LoggerFactory = logs;
        });

        var warning = Assert.Single(logs.Entries, e => e.Id.Name == "ApiKeyOverPlainHttp");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("unencrypted", warning.Text, StringComparison.Ordinal);
        Assert.Contains(new Uri(endpoint).Host, warning.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, warning.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://ollama.example.invalid/", true)]
    [InlineData("http://127.0.0.1:11434/", true)]
    [InlineData("http://localhost:11434/", true)]
    [InlineData("http://[::1]:11434/", true)]
    [InlineData("http://ollama.example.invalid:11434/", false)]
    public void No_warning_over_https_to_loopback_or_without_a_key(string endpoint, bool withKey)
    {
        var logs = new CapturingLoggerFactory();

        using var client = Harness.Client(new Uri(endpoint), o =>
        {
            o.ApiKey = withKey ? Key : null;
            o.LoggerFactory = logs;
        });

        Assert.DoesNotContain(logs.Entries, e => e.Id.Name == "ApiKeyOverPlainHttp");
    }

    [Fact]
    public async Task A_stream_error_line_that_echoes_the_key_is_redacted()
    {
        await using var server = await Harness.StartServerAsync();
        server.Faults.Next(Fault.ErrorAfterChunks(1, $"invalid token {Key}"));
        using var client = Harness.Client(server, o => o.ApiKey = Key);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Single(updates);
        var ollama = Assert.IsType<OllamaException>(error);
        Assert.Equal("invalid token ***", ollama.ServerMessage);
        Assert.DoesNotContain(Key, ollama.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Activity and meter listeners are process-wide: these tests do not run beside the load tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry capture";
}
