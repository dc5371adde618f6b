using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;

namespace Ollama.Net.Internal;

/// <summary>
/// The scope of one call: the caller's token, linked with the client's disposal and
/// <see cref="OllamaClientOptions.RequestTimeout"/> when one is set; the call's logging and telemetry; and the
/// translation of transport exceptions into the SDK's exceptions.
/// Disposing it ends the call (the end log line, the activity, the metrics).
/// </summary>
internal sealed class RequestScope : IDisposable
{
    private readonly CancellationToken _callerToken;
    private readonly CancellationToken _disposeToken;
    private readonly CancellationTokenSource? _linkedSource;
    private readonly TimeSpan? _timeout;
    private readonly string _endpoint;

    public RequestScope(CancellationToken callerToken, CancellationToken disposeToken, TimeSpan? timeout, string endpoint, string path, Diagnostics.CallTracker call)
    {
        _callerToken = callerToken;
        _disposeToken = disposeToken;
        _timeout = timeout;
        _endpoint = endpoint;
        Path = path;
        Call = call;
        if (timeout is null && !callerToken.CanBeCanceled)
        {
            Token = disposeToken;
        }
        else
        {
            _linkedSource = CancellationTokenSource.CreateLinkedTokenSource(callerToken, disposeToken);
            if (timeout is { } limit)
            {
                _linkedSource.CancelAfter(limit);
            }

            Token = _linkedSource.Token;
        }
    }

    /// <summary>The token to pass down: cancelled by the caller, by the client's disposal or by the timeout.</summary>
    public CancellationToken Token { get; }

    /// <summary>The API path of the call, such as <c>api/chat</c>.</summary>
    public string Path { get; }

    /// <summary>The logging and telemetry of the call.</summary>
    public Diagnostics.CallTracker Call { get; }

    /// <summary>
    /// Maps an exception thrown by the transport to the one the caller should see, or null to let it through unchanged
    /// (the caller's own cancellation, SDK exceptions, anything unexpected).
    /// </summary>
    public Exception? Translate(Exception exception)
    {
        var path = Path;
        switch (exception)
        {
            case OperationCanceledException canceled when _callerToken.IsCancellationRequested:
                // The caller's cancellation, reported with the caller's token (not the linked one passed down).
                return canceled.CancellationToken == _callerToken ? null : new OperationCanceledException(canceled.Message, canceled, _callerToken);
            case not ObjectDisposedException when _disposeToken.IsCancellationRequested:
                // Whatever the disposal broke (a cancelled read, a disposed connection): the client was disposed.
                return new ObjectDisposedException(
                    $"The OllamaClient was disposed while the {path} call to {_endpoint} was in progress; the call was stopped.", exception);
            case OperationCanceledException when _linkedSource?.IsCancellationRequested == true:
                return new TimeoutException(
                    $"The request to {_endpoint}/{path} did not finish within OllamaClientOptions.RequestTimeout ({_timeout}). Raise or remove the timeout for slow model loads or long generations.",
                    exception);
            case OperationCanceledException { InnerException: TimeoutException }:
                return new TimeoutException(
                    $"The request to {_endpoint}/{path} did not finish within HttpClient.Timeout. Ollama calls can take minutes (model loads): set HttpClient.Timeout to Timeout.InfiniteTimeSpan and use OllamaClientOptions.RequestTimeout or a CancellationToken instead.",
                    exception);
            case HttpRequestException http when IsConnectFailure(http):
                return new OllamaException(
                    $"No Ollama server answered at {_endpoint} ({Describe(http)}). Start one with 'ollama serve', or set OLLAMA_HOST (or OllamaClientOptions.Endpoint) to the address of a running server.",
                    null,
                    null,
                    http);
            case HttpRequestException http:
                return new OllamaException($"The request to {_endpoint}/{path} failed: {http.Message}", null, null, http);
            case IOException io:
                return new OllamaException($"The connection to {_endpoint} broke while reading the {path} response: {io.Message}", null, null, io);
            case JsonException json:
                return new OllamaException($"The server at {_endpoint} sent a {path} response that is not the expected JSON: {ErrorParser.Escape(json.Message)}", null, null, ErrorParser.SafeInner(json));
            default:
                return null;
        }
    }

    public void Dispose()
    {
        Call.Dispose();
        _linkedSource?.Dispose();
    }

    private static bool IsConnectFailure(HttpRequestException exception)
        => exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
           || exception.InnerException is SocketException;

    private static string Describe(HttpRequestException exception)
    {
        if (exception.InnerException is SocketException socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                SocketError.TimedOut => "connection timed out",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => "host unreachable",
                _ => socket.Message,
            };
        }

        return exception.HttpRequestError == HttpRequestError.NameResolutionError ? "host not found" : exception.Message;
    }
}
