using Microsoft.Extensions.Logging;

namespace Ollama.Net;

// The settings used by adapters, dependency injection, logging and telemetry.
public sealed partial class OllamaClientOptions
{
    /// <summary>
    /// The model used when a caller names none: by the Microsoft.Extensions.AI adapters
    /// (<c>AsIChatClient</c>, <c>AsIEmbeddingGenerator</c> of Ollama.Net.Extensions.AI) and the dependency-injection registrations. Requests
    /// made directly through <see cref="OllamaClient"/> still name their model. Bound from the <c>DefaultModel</c>
    /// configuration key.
    /// </summary>
    public string? DefaultModel { get; set; }

    /// <summary>
    /// Where the client writes its logs (category <c>Ollama.Net.OllamaClient</c>): each request's start and end at
    /// <see cref="LogLevel.Debug"/> (method, path, model, status, duration), errors inside a stream at
    /// <see cref="LogLevel.Warning"/>. Null (the default) logs nothing; the dependency-injection registration fills in the
    /// container's factory. Never bound from configuration.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Also log request and response bodies and stream lines, at <see cref="LogLevel.Trace"/> (default false). Bodies hold
    /// prompts, answers and images: turn this on only where such data may be logged. Headers (the API key) are never
    /// logged.
    /// </summary>
    public bool LogContent { get; set; }

    /// <summary>
    /// Record prompts and answers on the telemetry spans (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>,
    /// <c>gen_ai.system_instructions</c>), default false. Without it spans carry only metadata: model, options, token
    /// counts, finish reasons, errors. See <see cref="OllamaTelemetry"/>.
    /// </summary>
    public bool EnableSensitiveTelemetryData { get; set; }

    /// <summary>Creates a shallow copy (sharing <see cref="DefaultHeaders"/>, which the client copies when it is created).</summary>
    internal OllamaClientOptions Clone() => (OllamaClientOptions)MemberwiseClone();
}
