using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ollama.Net.Diagnostics;

/// <summary>The logging and telemetry settings of one client; starts a <see cref="CallTracker"/> per call.</summary>
internal sealed class OllamaInstrumentation
{
    public OllamaInstrumentation(OllamaClientOptions options, Uri endpoint, Internal.SecretRedactor? secrets)
    {
        Secrets = secrets;
        Logger = options.LoggerFactory?.CreateLogger<OllamaClient>() ?? NullLogger<OllamaClient>.Instance;
        LogContent = options.LogContent;
        CaptureContent = options.EnableSensitiveTelemetryData;
        ServerAddress = endpoint.IdnHost;
        ServerPort = endpoint.Port;
    }

    public ILogger Logger { get; }

    public bool LogContent { get; }

    /// <summary>Masks the API key in logged content (a server may echo it in a body or a stream line).</summary>
    public Internal.SecretRedactor? Secrets { get; }

    public bool CaptureContent { get; }

    public string ServerAddress { get; }

    public int ServerPort { get; }

    public CallTracker StartCall(HttpMethod method, string path, OperationInfo? operation, bool streaming)
        => new(this, method, path, operation, streaming);
}
