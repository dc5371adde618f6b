using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Ollama.Net.Diagnostics;

/// <summary>
/// Logs and traces one HTTP call: started by the transport, told about the response status, each stream chunk and the
/// outcome (<see cref="Succeeded"/>, <see cref="Failed"/>, or neither when the caller closed a stream early), and
/// finished by <see cref="Dispose"/>, which writes the end log line, stops the activity and records the metrics.
/// </summary>
internal sealed class CallTracker : IDisposable
{
    private const int MaxLoggedBytes = 32 * 1024;

    private readonly OllamaInstrumentation _owner;
    private readonly string _method;
    private readonly string _path;
    private readonly OperationInfo? _operation;
    private readonly bool _streaming;
    private readonly long _started;
    private readonly Activity? _activity;
    private readonly bool _captureOutput;
    private int? _statusCode;
    private int _chunks;
    private long _lastChunk;
    private double? _timeToFirstChunk;
    private Exception? _error;
    private bool _completed;
    private bool _disposed;
    private string? _responseModel;
    private string? _finishReason;
    private int? _inputTokens;
    private int? _outputTokens;
    private StringBuilder? _outputText;
    private StringBuilder? _outputThinking;
    private List<ToolCall>? _outputToolCalls;

    public CallTracker(OllamaInstrumentation owner, HttpMethod method, string path, OperationInfo? operation, bool streaming)
    {
        _owner = owner;
        _method = method.Method;
        _path = path;
        _operation = operation;
        _streaming = streaming;
        _started = Stopwatch.GetTimestamp();

        if (owner.Logger.IsEnabled(LogLevel.Debug))
        {
            OllamaLog.RequestStarted(owner.Logger, _method, path, ModelForLog, streaming);
        }

        if (operation?.Name is { } name && OllamaTelemetry.Source.HasListeners())
        {
            _activity = OllamaTelemetry.Source.StartActivity(
                operation.Model is null ? name : $"{name} {operation.Model}", ActivityKind.Client);
            if (_activity is { IsAllDataRequested: true })
            {
                AddRequestTags(_activity, operation, streaming);
                if (owner.CaptureContent)
                {
                    _captureOutput = true;
                    GenAiContent.AddInputTags(_activity, operation);
                }
            }
        }
    }

    private string ModelForLog => _operation?.Model ?? "-";

    /// <summary>Records the status of the response (called by the transport as soon as headers arrive).</summary>
    public void OnResponse(HttpStatusCode statusCode) => _statusCode = (int)statusCode;

    /// <summary>Logs the request body (the JSON bytes sent) at Trace when <see cref="OllamaClientOptions.LogContent"/> is set.</summary>
    public void LogRequestBody(ReadOnlySpan<byte> json)
    {
        if (_owner.LogContent && _owner.Logger.IsEnabled(LogLevel.Trace))
        {
            OllamaLog.RequestBody(_owner.Logger, _method, _path, Text(json));
        }
    }

    /// <summary>Logs one raw stream line at Trace when <see cref="OllamaClientOptions.LogContent"/> is set.</summary>
    public void OnStreamLine(ReadOnlySpan<byte> line, int index)
    {
        if (_owner.LogContent && _owner.Logger.IsEnabled(LogLevel.Trace))
        {
            OllamaLog.StreamLine(_owner.Logger, _method, _path, index, Text(line));
        }
    }

    /// <summary>A whole (non-streamed) response arrived: <paramref name="response"/>, read from <paramref name="json"/>.</summary>
    public void Succeeded(object response, ReadOnlySpan<byte> json)
    {
        _completed = true;
        RecordResponse(response);
        if (_captureOutput)
        {
            Accumulate(response);
        }

        if (_owner.LogContent && _owner.Logger.IsEnabled(LogLevel.Trace))
        {
            OllamaLog.ResponseBody(_owner.Logger, _method, _path, Text(json));
        }
    }

    /// <summary>A stream chunk was decoded. The final chunk carries the usage and the done reason.</summary>
    public void OnChunk(object? update, bool isFinal)
    {
        var now = Stopwatch.GetTimestamp();
        if (_chunks == 0)
        {
            _timeToFirstChunk = Stopwatch.GetElapsedTime(_started, now).TotalSeconds;
            if (_operation?.Name is not null && OllamaTelemetry.TimeToFirstChunk.Enabled)
            {
                var tags = MetricTags(update is GenerationResponse g ? g.Model : null);
                OllamaTelemetry.TimeToFirstChunk.Record(_timeToFirstChunk.Value, tags);
            }
        }
        else if (_operation?.Name is not null && OllamaTelemetry.TimePerOutputChunk.Enabled)
        {
            var tags = MetricTags(update is GenerationResponse g ? g.Model : null);
            OllamaTelemetry.TimePerOutputChunk.Record(Stopwatch.GetElapsedTime(_lastChunk, now).TotalSeconds, tags);
        }

        _lastChunk = now;
        _chunks++;
        if (_captureOutput)
        {
            Accumulate(update);
        }

        if (isFinal)
        {
            _completed = true;
            RecordResponse(update);
        }
    }

    /// <summary>Records the call's exception (the first one, when a call fails more than once).</summary>
    public void Failed(Exception exception) => _error ??= exception;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var elapsed = Stopwatch.GetElapsedTime(_started);
        var errorType = _error is null ? null : ErrorType(_error);
        Log(elapsed, errorType);

        if (_operation?.Name is null)
        {
            return;
        }

        if (_activity is not null)
        {
            FinishActivity(_activity, errorType);
        }

        if (OllamaTelemetry.OperationDuration.Enabled)
        {
            var tags = MetricTags(_responseModel);
            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }

            OllamaTelemetry.OperationDuration.Record(elapsed.TotalSeconds, tags);
        }

        if (OllamaTelemetry.TokenUsage.Enabled)
        {
            if (_inputTokens is { } input)
            {
                var tags = MetricTags(_responseModel);
                tags.Add("gen_ai.token.type", "input");
                OllamaTelemetry.TokenUsage.Record(input, tags);
            }

            if (_outputTokens is { } output)
            {
                var tags = MetricTags(_responseModel);
                tags.Add("gen_ai.token.type", "output");
                OllamaTelemetry.TokenUsage.Record(output, tags);
            }
        }
    }

    internal static string ErrorType(Exception exception)
        => exception is OllamaException { StatusCode: { } status }
            ? ((int)status).ToString(CultureInfo.InvariantCulture)
            : exception.GetType().FullName ?? exception.GetType().Name;

    private static void AddRequestTags(Activity activity, OperationInfo operation, bool streaming)
    {
        activity.SetTag("gen_ai.operation.name", operation.Name);
        activity.SetTag("gen_ai.provider.name", OllamaTelemetry.ProviderName);
        if (operation.Model is { } model)
        {
            activity.SetTag("gen_ai.request.model", model);
        }

        if (operation.Name != OperationInfo.Embeddings)
        {
            activity.SetTag("gen_ai.request.stream", streaming);
            activity.SetTag("gen_ai.output.type", operation.JsonOutput ? "json" : "text");
        }

        if (operation.Options is { } options)
        {
            SetIfPresent(activity, "gen_ai.request.temperature", options.Temperature);
            SetIfPresent(activity, "gen_ai.request.top_p", options.TopP);
            SetIfPresent(activity, "gen_ai.request.frequency_penalty", options.FrequencyPenalty);
            SetIfPresent(activity, "gen_ai.request.presence_penalty", options.PresencePenalty);
            if (options.TopK is { } topK)
            {
                activity.SetTag("gen_ai.request.top_k", topK);
            }

            if (options.NumPredict is { } maxTokens)
            {
                activity.SetTag("gen_ai.request.max_tokens", maxTokens);
            }

            if (options.Seed is { } seed)
            {
                activity.SetTag("gen_ai.request.seed", seed);
            }

            if (options.Stop is { Count: > 0 } stop)
            {
                activity.SetTag("gen_ai.request.stop_sequences", stop.ToArray());
            }
        }

        if (operation.Think is { } think)
        {
            activity.SetTag("gen_ai.request.reasoning.level", think.ToString());
        }

        if (operation.Dimensions is { } dimensions)
        {
            activity.SetTag("gen_ai.embeddings.dimension.count", dimensions);
        }
    }

    private static void SetIfPresent(Activity activity, string name, float? value)
    {
        if (value is { } v)
        {
            activity.SetTag(name, (double)v);
        }
    }

    private static string Text(ReadOnlySpan<byte> utf8)
        => utf8.Length <= MaxLoggedBytes
            ? Encoding.UTF8.GetString(utf8)
            : string.Concat(Encoding.UTF8.GetString(utf8[..MaxLoggedBytes]), $"... ({utf8.Length - MaxLoggedBytes} more bytes)");

    private void AddServerTags(Activity activity)
    {
        activity.SetTag("server.address", _owner.ServerAddress);
        activity.SetTag("server.port", _owner.ServerPort);
    }

    private TagList MetricTags(string? responseModel)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", _operation?.Name },
            { "gen_ai.provider.name", OllamaTelemetry.ProviderName },
            { "server.address", _owner.ServerAddress },
            { "server.port", _owner.ServerPort },
        };
        if (_operation?.Model is { } model)
        {
            tags.Add("gen_ai.request.model", model);
        }

        if (!string.IsNullOrEmpty(responseModel))
        {
            tags.Add("gen_ai.response.model", responseModel);
        }

        return tags;
    }

    private void RecordResponse(object? response)
    {
        switch (response)
        {
            case GenerationResponse generation:
                _responseModel = NullIfEmpty(generation.Model) ?? _responseModel;
                _finishReason = generation.DoneReason is { } reason ? reason.Value : _finishReason;
                _inputTokens = generation.PromptEvalCount ?? _inputTokens;
                _outputTokens = generation.EvalCount ?? _outputTokens;
                break;
            case EmbedResult embed:
                _responseModel = NullIfEmpty(embed.Model) ?? _responseModel;
                _inputTokens = embed.PromptEvalCount ?? _inputTokens;
                break;
        }
    }

    private void Accumulate(object? response)
    {
        switch (response)
        {
            case ChatResult result:
                Append(result.Message.Content, result.Message.Thinking, result.Message.ToolCalls);
                break;
            case ChatUpdate update:
                Append(update.Message.Content, update.Message.Thinking, update.Message.ToolCalls);
                break;
            case GenerateResult result:
                Append(result.Response, result.Thinking, result.ToolCalls);
                break;
            case GenerateUpdate update:
                Append(update.Response, update.Thinking, update.ToolCalls);
                break;
        }
    }

    private void Append(string? text, string? thinking, IList<ToolCall>? toolCalls)
    {
        if (!string.IsNullOrEmpty(text))
        {
            (_outputText ??= new StringBuilder()).Append(text);
        }

        if (!string.IsNullOrEmpty(thinking))
        {
            (_outputThinking ??= new StringBuilder()).Append(thinking);
        }

        if (toolCalls is { Count: > 0 })
        {
            (_outputToolCalls ??= []).AddRange(toolCalls);
        }
    }

    private void FinishActivity(Activity activity, string? errorType)
    {
        if (activity.IsAllDataRequested)
        {
            AddServerTags(activity);
            if (_responseModel is not null)
            {
                activity.SetTag("gen_ai.response.model", _responseModel);
            }

            if (_finishReason is not null)
            {
                activity.SetTag("gen_ai.response.finish_reasons", new[] { _finishReason });
            }

            if (_inputTokens is { } input)
            {
                activity.SetTag("gen_ai.usage.input_tokens", input);
            }

            if (_outputTokens is { } output)
            {
                activity.SetTag("gen_ai.usage.output_tokens", output);
            }

            if (_timeToFirstChunk is { } ttfc)
            {
                activity.SetTag("gen_ai.response.time_to_first_chunk", ttfc);
            }

            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
            }

            if (_captureOutput && _error is null && _operation?.Name != OperationInfo.Embeddings)
            {
                activity.SetTag(
                    "gen_ai.output.messages",
                    GenAiContent.OutputMessages(_outputText?.ToString(), _outputThinking?.ToString(), _outputToolCalls, _finishReason));
            }
        }

        if (_error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, _error.Message);
        }

        activity.Dispose();
    }

    private void Log(TimeSpan elapsed, string? errorType)
    {
        var logger = _owner.Logger;
        var status = _statusCode ?? (_error is OllamaException { StatusCode: { } code } ? (int)code : 0);
        if (_error is not null)
        {
            var inStream = _streaming && _statusCode is >= 200 and < 300 && _error is not OperationCanceledException;
            if (inStream)
            {
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    OllamaLog.StreamFailed(logger, _error, _method, _path, errorType!, _chunks, elapsed.TotalMilliseconds, ModelForLog);
                }
            }
            else if (logger.IsEnabled(LogLevel.Debug))
            {
                OllamaLog.RequestFailed(logger, _error, _method, _path, errorType!, status, elapsed.TotalMilliseconds, ModelForLog);
            }
        }
        else if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }
        else if (_streaming && !_completed)
        {
            OllamaLog.StreamClosedEarly(logger, _method, _path, _chunks, elapsed.TotalMilliseconds, ModelForLog);
        }
        else
        {
            OllamaLog.RequestCompleted(logger, _method, _path, status, elapsed.TotalMilliseconds, ModelForLog);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
