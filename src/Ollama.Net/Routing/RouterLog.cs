using Microsoft.Extensions.Logging;

namespace Ollama.Net;

/// <summary>The router's log messages (category <c>Ollama.Net.OllamaRouter</c>).</summary>
internal static partial class RouterLog
{
    [LoggerMessage(EventId = 101, EventName = "RouterFailover", Level = LogLevel.Warning,
        Message = "Ollama server {Endpoint} failed before answering (model {Model}); trying the next server")]
    public static partial void Failover(ILogger logger, Exception exception, string endpoint, string model);

    [LoggerMessage(EventId = 102, EventName = "RouterServerCoolingDown", Level = LogLevel.Warning,
        Message = "Ollama server {Endpoint} is cooling down for {CoolDown} after failures")]
    public static partial void CoolingDown(ILogger logger, string endpoint, TimeSpan coolDown);

    [LoggerMessage(EventId = 103, EventName = "RouterServerBack", Level = LogLevel.Information,
        Message = "Ollama server {Endpoint} answered its probe and takes calls again")]
    public static partial void Back(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 104, EventName = "RouterPullingMissingModel", Level = LogLevel.Information,
        Message = "Ollama server {Endpoint} does not have model {Model}; pulling it: {Progress}")]
    public static partial void Pulling(ILogger logger, string endpoint, string model, ModelTransferProgress progress);

    [LoggerMessage(EventId = 105, EventName = "RouterRefreshFailed", Level = LogLevel.Debug,
        Message = "Reading the models of Ollama server {Endpoint} failed")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string endpoint);
}
