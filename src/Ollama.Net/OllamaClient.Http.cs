using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ollama.Net.Diagnostics;
using Ollama.Net.Internal;

namespace Ollama.Net;

// The transport shared by every endpoint: request building, one send path (call scope, error mapping, logging and
// telemetry, one catch), unary JSON calls and NDJSON streams. Feature files (chat, generate, embed...) call these helpers.
public partial class OllamaClient
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    private static readonly JsonWriterOptions WireWriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private HttpClient Http => _httpClient;

    /// <summary>The absolute address of an API path (relative, such as <c>api/chat</c>) under the base address.</summary>
    internal Uri GetRequestUri(string path) => new(_baseUri, path);

    /// <summary>Creates a request with the client's headers: Accept, User-Agent, Authorization, default headers.</summary>
    internal HttpRequestMessage CreateRequest(HttpMethod method, string path, bool streaming)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = new HttpRequestMessage(method, GetRequestUri(path));
        var headers = request.Headers;
        headers.TryAddWithoutValidation("Accept", streaming ? "application/x-ndjson" : "application/json");
        var hasAuthorization = _httpClientHasAuthorization;
        foreach (var (name, value) in _defaultHeaders)
        {
            if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                hasAuthorization = true;
            }

            if (string.Equals(name, "Accept", StringComparison.OrdinalIgnoreCase))
            {
                headers.Remove("Accept");
            }

            headers.TryAddWithoutValidation(name, value);
        }

        if (_apiKey is not null && !hasAuthorization)
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        if (_userAgent is not null && !headers.Contains("User-Agent"))
        {
            headers.TryAddWithoutValidation("User-Agent", _userAgent);
        }

        return request;
    }

    /// <summary>Sends a JSON body and reads a JSON response (logged, and traced when <paramref name="operation"/> names one).</summary>
    internal Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestTypeInfo, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken, OperationInfo? operation = null)
        => SendJsonAsync(method, path, body, requestTypeInfo, responseTypeInfo, parser: null, cancellationToken, operation);

    /// <summary>Like the other overload, but the response is read by <paramref name="parser"/> when there is one (embed replies).</summary>
    internal Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestTypeInfo,
        JsonTypeInfo<TResponse> responseTypeInfo,
        Func<ReadOnlySpan<byte>, TResponse?>? parser,
        CancellationToken cancellationToken,
        OperationInfo? operation = null)
        => SendAsync(method, path, CreateJsonContent(body, requestTypeInfo), responseTypeInfo, parser, operation, cancellationToken);

    /// <summary>Sends a request without a body and reads a JSON response.</summary>
    internal Task<TResponse> SendJsonAsync<TResponse>(HttpMethod method, string path, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken)
        => SendAsync(method, path, null, responseTypeInfo, null, null, cancellationToken);

    /// <summary>Sends a JSON body and ignores the response body (copy, delete...).</summary>
    internal Task SendAsync<TRequest>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestTypeInfo, CancellationToken cancellationToken)
        => SendContentAsync(method, path, CreateJsonContent(body, requestTypeInfo), cancellationToken);

    /// <summary>
    /// Sends a request with the given content (or none: signout, blob HEAD, <c>GET /</c>) and ignores the response body.
    /// The content is disposed with the request (a file stream in a StreamContent is closed).
    /// </summary>
    internal Task SendContentAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
        => SendAsync<object>(method, path, content, null, null, null, cancellationToken);

    /// <summary>
    /// Sends a JSON body and streams NDJSON lines, each deserialized from the pooled line bytes with
    /// <paramref name="updateTypeInfo"/>. A line with an <c>"error"</c> key throws (after the chunks already yielded). The
    /// stream must end with a chunk for which <paramref name="isFinal"/> is true; otherwise the enumeration throws. Stops
    /// reading (and releases the connection) at that final chunk, on error and on cancellation.
    /// </summary>
    internal async IAsyncEnumerable<TUpdate> StreamJsonAsync<TRequest, TUpdate>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestTypeInfo,
        JsonTypeInfo<TUpdate> updateTypeInfo,
        Func<TUpdate, bool> isFinal,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        OperationInfo? operation = null)
        where TUpdate : class
    {
        var content = CreateJsonContent(body, requestTypeInfo);
        using var scope = StartCall(method, path, operation, streaming: true, cancellationToken);
        using var lines = await GuardAsync(scope, OpenStreamAsync(scope, method, content)).ConfigureAwait(false);
        while (true)
        {
            var update = await GuardAsync(scope, ReadUpdateAsync(scope, lines, updateTypeInfo)).ConfigureAwait(false);
            var final = isFinal(update);
            scope.Call.OnChunk(update, final);
            yield return update;
            if (final)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Serializes a request body to UTF-8 JSON (with a Content-Length). Non-ASCII text is written as UTF-8, not as
    /// <c>\uXXXX</c> escapes, which keeps prompts in other scripts small on the wire.
    /// </summary>
    private static JsonRequestContent CreateJsonContent<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WireWriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return new JsonRequestContent(buffer.WrittenMemory);
    }

    /// <summary>Starts the scope of one call: cancellation (caller token and RequestTimeout), logging and telemetry.</summary>
    private RequestScope StartCall(HttpMethod method, string path, OperationInfo? operation, bool streaming, CancellationToken cancellationToken)
        => new(cancellationToken, _disposing.Token, _requestTimeout, UriDisplay.Format(Endpoint), path, _instrumentation.StartCall(method, path, operation, streaming));

    /// <summary>
    /// The send path of every call that reads one whole response: <see cref="ExchangeAsync{TResponse}"/> in a call scope.
    /// Without <paramref name="responseTypeInfo"/> the response body is not read (and the result is null).
    /// </summary>
    private async Task<TResponse> SendAsync<TResponse>(
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<TResponse>? responseTypeInfo,
        Func<ReadOnlySpan<byte>, TResponse?>? parser,
        OperationInfo? operation,
        CancellationToken cancellationToken)
    {
        using var scope = StartCall(method, path, operation, streaming: false, cancellationToken);
        return await GuardAsync(scope, ExchangeAsync(scope, method, content, responseTypeInfo, parser)).ConfigureAwait(false);
    }

    /// <summary>
    /// The one place where a call fails, around every step of every call: a failure is translated (transport errors become
    /// <see cref="OllamaException"/> or <see cref="TimeoutException"/>), has the API key redacted, is recorded on the
    /// call's log and telemetry, and is thrown. The caller's own cancellation and SDK exceptions keep their stack.
    /// </summary>
    private async ValueTask<T> GuardAsync<T>(RequestScope scope, ValueTask<T> step)
    {
        try
        {
            return await step.ConfigureAwait(false);
        }
        catch (Exception ex) when (Fail(scope, ex) is var error && !ReferenceEquals(error, ex))
        {
            throw error;
        }
    }

    private Exception Fail(RequestScope scope, Exception exception)
    {
        var error = scope.Translate(exception) ?? exception;
        if (error is OllamaException ollama)
        {
            error = RedactApiKey(ollama);
        }

        scope.Call.Failed(error);
        return error;
    }

    /// <summary>
    /// Sends the request and returns the response once its headers are in. A non-2xx response is read and thrown as an
    /// <see cref="OllamaException"/> (and disposed).
    /// </summary>
    private async Task<HttpResponseMessage> SendCoreAsync(RequestScope scope, HttpMethod method, HttpContent? content, bool streaming)
    {
        var response = await SendWithRetriesAsync(scope, method, content, streaming).ConfigureAwait(false); // OllamaClient.Retry.cs
        scope.Call.OnResponse(response.StatusCode);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                throw ErrorParser.FromRedirect(response.StatusCode, response.Headers.Location, UriDisplay.Format(Endpoint));
            }

            throw await ReadErrorAsync(response, scope.Token).ConfigureAwait(false);
        }
    }

    /// <summary>One attempt: a new request with the client's headers, sent; returns the response once its headers are in.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(RequestScope scope, HttpMethod method, HttpContent? content, bool streaming)
    {
        using var request = CreateRequest(method, scope.Path, streaming);
        request.Content = content;
        if (content is JsonRequestContent json)
        {
            scope.Call.LogRequestBody(json.Json.Span);
        }

        scope.Token.ThrowIfCancellationRequested();
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, scope.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the request and reads the whole response into one pooled buffer, then deserializes it in one synchronous
    /// pass (the serializer's async path would re-scan the embeddings, read by a custom converter, at each refill).
    /// </summary>
    private async ValueTask<TResponse> ExchangeAsync<TResponse>(
        RequestScope scope, HttpMethod method, HttpContent? content, JsonTypeInfo<TResponse>? typeInfo, Func<ReadOnlySpan<byte>, TResponse?>? parser)
    {
        using var response = await SendCoreAsync(scope, method, content, streaming: false).ConfigureAwait(false);
        if (typeInfo is null)
        {
            return default!;
        }

        PooledBody body;
        var stream = await OpenBoundedBodyAsync(response, scope.Path, scope.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            body = await PooledBody.ReadAsync(stream, response.Content.Headers.ContentLength, scope.Token).ConfigureAwait(false);
        }

        using (body)
        {
            // A 200 whose body is {"error": ...} (a proxy, a relayed upstream failure) is a failure, not an empty success.
            if (ErrorParser.MayContainError(body.Span) && ErrorParser.TryReadError(body.Span, out var error, out _) && !string.IsNullOrEmpty(error))
            {
                throw ErrorParser.FromResponse(response.StatusCode, response.ReasonPhrase, body.Span, UriDisplay.Format(Endpoint), _secrets);
            }

            TResponse? result;
            try
            {
                result = parser is null ? JsonSerializer.Deserialize(body.Span, typeInfo) : parser(body.Span);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                // Invalid UTF-8, or half a surrogate pair, inside a string; a number out of range: bad JSON all the same.
                throw new JsonException(ex.Message, ex);
            }

            if (result is null)
            {
                throw new OllamaException($"The server at {UriDisplay.Format(Endpoint)} answered {scope.Path} with JSON null.");
            }

            scope.Call.Succeeded(result, body.Span);
            return result;
        }
    }

    private async ValueTask<NdjsonReader> OpenStreamAsync(RequestScope scope, HttpMethod method, HttpContent content)
    {
        var response = await SendCoreAsync(scope, method, content, streaming: true).ConfigureAwait(false);
        try
        {
            return new NdjsonReader(await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false), _maxStreamLineLength);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next stream line and decodes it; a stream that ends here ended before its final chunk.</summary>
    private async ValueTask<TUpdate> ReadUpdateAsync<TUpdate>(RequestScope scope, NdjsonReader lines, JsonTypeInfo<TUpdate> typeInfo)
        where TUpdate : class
    {
        if (!await lines.ReadLineAsync(scope.Token).ConfigureAwait(false))
        {
            throw new OllamaException(lines.LineCount == 0
                ? $"The {scope.Path} stream from {UriDisplay.Format(Endpoint)} ended without any data; the final (done) chunk never came."
                : $"The {scope.Path} stream from {UriDisplay.Format(Endpoint)} ended early, after {lines.LineCount} chunk(s) but before the final (done) chunk; the server may have closed the connection or crashed.");
        }

        scope.Call.OnStreamLine(lines.Current.Span, lines.LineCount);
        return DecodeLine(lines.Current.Span, typeInfo, scope.Path, _secrets);
    }

    /// <summary>Decodes one stream line, throwing for an <c>{"error": ...}</c> line or a line that is not the expected JSON.</summary>
    private static TUpdate DecodeLine<TUpdate>(ReadOnlySpan<byte> line, JsonTypeInfo<TUpdate> typeInfo, string path, SecretRedactor? secrets)
        where TUpdate : class
    {
        if (ErrorParser.MayContainError(line) &&
            ErrorParser.TryReadError(line, out var error, out var signinUrl) &&
            !string.IsNullOrEmpty(error))
        {
            throw ErrorParser.FromStreamLine(error, signinUrl, path);
        }

        try
        {
            return JsonSerializer.Deserialize(line, typeInfo)
                ?? throw new OllamaException($"The {path} stream held a null line.");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // InvalidOperationException: invalid UTF-8 inside a string; FormatException: a number out of range.
            throw new OllamaException($"The {path} stream held a line that is not valid JSON for {typeof(TUpdate).Name}: {ErrorParser.Escape(ex.Message)} Line: {ErrorParser.Escape(ErrorParser.RawText(line, secrets))}", null, null, ErrorParser.SafeInner(ex));
        }
    }

    /// <summary>
    /// Opens a non-streaming response body, enforcing <see cref="OllamaClientOptions.MaxResponseContentLength"/>: a
    /// declared <c>Content-Length</c> over the limit fails before a byte is read, an undeclared one fails once the limit
    /// is passed while reading.
    /// </summary>
    private async Task<Stream> OpenBoundedBodyAsync(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        if (_maxResponseContentLength is not { } limit)
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }

        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw ResponseTooLarge(path, limit, declared);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new LengthLimitedReadStream(stream, limit, () => ResponseTooLarge(path, limit, null));
    }

    private OllamaException ResponseTooLarge(string path, long limit, long? declared)
        => new(declared is { } length
            ? $"The {path} response from {UriDisplay.Format(Endpoint)} is {length:N0} bytes, over the limit of {limit:N0} bytes; it was not read. Raise OllamaClientOptions.MaxResponseContentLength (or set it to null) if such responses are expected."
            : $"The {path} response from {UriDisplay.Format(Endpoint)} is longer than the limit of {limit:N0} bytes; reading stopped there. Raise OllamaClientOptions.MaxResponseContentLength (or set it to null) if such responses are expected.");

    private async Task<OllamaException> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxErrorBodyBytes);
        try
        {
            var length = 0;
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (length < MaxErrorBodyBytes &&
                       (read = await stream.ReadAsync(buffer.AsMemory(length, MaxErrorBodyBytes - length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }

            return ErrorParser.FromResponse(response.StatusCode, response.ReasonPhrase, buffer.AsSpan(0, length), UriDisplay.Format(Endpoint), _secrets);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A request body of UTF-8 JSON (written with <c>WriteAsync(ReadOnlyMemory)</c>), kept readable for the request log.</summary>
    private sealed class JsonRequestContent : HttpContent
    {
        public JsonRequestContent(ReadOnlyMemory<byte> json)
        {
            Json = json;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public ReadOnlyMemory<byte> Json { get; }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            => stream.WriteAsync(Json).AsTask();

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
            => stream.WriteAsync(Json, cancellationToken).AsTask();

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
            => stream.Write(Json.Span);

        protected override bool TryComputeLength(out long length)
        {
            length = Json.Length;
            return true;
        }
    }

    private static void ValidateModel(string? model, string parameterName, string what)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException(
                $"The {what} has no model name. Set it to an installed model such as \"qwen2.5:0.5b\" (see 'ollama list').",
                parameterName);
        }
    }
}
