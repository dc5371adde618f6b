using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ollama.Net.Diagnostics;
using Ollama.Net.Internal;

namespace Ollama.Net;

// The transport shared by every endpoint: request building, error mapping, unary JSON calls and NDJSON streams.
// Feature files (chat, generate, embed, model management...) call these helpers.
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

    /// <summary>
    /// Serializes a request body to UTF-8 JSON (with a Content-Length). Non-ASCII text is written as UTF-8, not as
    /// <c>\uXXXX</c> escapes, which keeps prompts in other scripts small on the wire.
    /// </summary>
    internal static HttpContent CreateJsonContent<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WireWriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Creates the cancellation scope of one call (caller token + optional RequestTimeout).</summary>
    internal RequestScope CreateScope(CancellationToken cancellationToken)
        => new(cancellationToken, _requestTimeout, UriDisplay.Format(Endpoint));

    /// <summary>
    /// Sends a request and returns a successful response; a non-2xx response is read and thrown as an
    /// <see cref="OllamaException"/> (the response is disposed), transport failures are translated.
    /// </summary>
    internal async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, HttpCompletionOption completion, RequestScope scope, string path)
    {
        HttpResponseMessage response;
        try
        {
            scope.Token.ThrowIfCancellationRequested();
            response = await Http.SendAsync(request, completion, scope.Token).ConfigureAwait(false);
            scope.Call?.OnResponse(response.StatusCode);
        }
        catch (Exception ex) when (scope.Translate(ex, path) is { } translated)
        {
            throw translated;
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            OllamaException error;
            try
            {
                error = await ReadErrorAsync(response, scope.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (scope.Translate(ex, path) is { } translated)
            {
                throw translated;
            }

            throw RedactApiKey(error);
        }
    }

    /// <summary>Sends a JSON body and reads a JSON response (logged, and traced when <paramref name="operation"/> names one).</summary>
    internal Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestTypeInfo, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken, OperationInfo? operation = null)
        => SendJsonAsync(method, path, body, requestTypeInfo, responseTypeInfo, parser: null, cancellationToken, operation);

    /// <summary>
    /// Like the other overload, but the response is read by a hand-written <paramref name="parser"/> (embed replies) when
    /// there is one; <paramref name="responseTypeInfo"/> then only serves logging.
    /// </summary>
    internal async Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestTypeInfo, JsonTypeInfo<TResponse> responseTypeInfo, BodyParser<TResponse>? parser, CancellationToken cancellationToken, OperationInfo? operation = null)
    {
        using var scope = CreateScope(cancellationToken);
        using var call = scope.Call = _instrumentation.StartCall(method, path, operation, streaming: false);
        try
        {
            using var request = CreateRequest(method, path, streaming: false);
            request.Content = CreateJsonContent(body, requestTypeInfo);
            call.LogRequestBody(body, requestTypeInfo);
            var result = await ReadJsonResponseAsync(request, responseTypeInfo, parser, scope, path).ConfigureAwait(false);
            call.Succeeded(result, responseTypeInfo);
            return result;
        }
        catch (Exception ex) when (call.Failed(ex))
        {
            throw; // not reached: Failed only records the exception
        }
    }

    /// <summary>Sends a request without a body and reads a JSON response.</summary>
    internal async Task<TResponse> SendJsonAsync<TResponse>(HttpMethod method, string path, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken)
    {
        using var scope = CreateScope(cancellationToken);
        using var call = scope.Call = _instrumentation.StartCall(method, path, null, streaming: false);
        try
        {
            using var request = CreateRequest(method, path, streaming: false);
            var result = await ReadJsonResponseAsync(request, responseTypeInfo, null, scope, path).ConfigureAwait(false);
            call.Succeeded(result, responseTypeInfo);
            return result;
        }
        catch (Exception ex) when (call.Failed(ex))
        {
            throw; // not reached
        }
    }

    /// <summary>Sends a JSON body (or none) and ignores the response body (copy, delete...).</summary>
    internal async Task SendAsync<TRequest>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestTypeInfo, CancellationToken cancellationToken)
    {
        using var scope = CreateScope(cancellationToken);
        using var call = scope.Call = _instrumentation.StartCall(method, path, null, streaming: false);
        try
        {
            using var request = CreateRequest(method, path, streaming: false);
            request.Content = CreateJsonContent(body, requestTypeInfo);
            call.LogRequestBody(body, requestTypeInfo);
            using var response = await SendCoreAsync(request, HttpCompletionOption.ResponseHeadersRead, scope, path).ConfigureAwait(false);
        }
        catch (Exception ex) when (call.Failed(ex))
        {
            throw; // not reached
        }
    }

    /// <summary>
    /// Sends a request with the given content (or none: signout, blob HEAD, <c>GET /</c>), ignores the response body and
    /// returns the (2xx) status. The content is disposed with the request (a file stream in a StreamContent is closed).
    /// </summary>
    internal async Task<HttpStatusCode> SendContentAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var scope = CreateScope(cancellationToken);
        using var call = scope.Call = _instrumentation.StartCall(method, path, null, streaming: false);
        try
        {
            using var request = CreateRequest(method, path, streaming: false);
            request.Content = content;
            using var response = await SendCoreAsync(request, HttpCompletionOption.ResponseHeadersRead, scope, path).ConfigureAwait(false);
            return response.StatusCode;
        }
        catch (Exception ex) when (call.Failed(ex))
        {
            throw; // not reached
        }
    }

    /// <summary>
    /// Sends a JSON body and streams NDJSON lines decoded as <typeparamref name="TUpdate"/>. Each line is checked for an
    /// <c>"error"</c> key before it is decoded (an error line throws after the chunks already yielded). The stream must
    /// end with a chunk for which <paramref name="isFinal"/> is true; otherwise the enumeration throws. Stops reading
    /// (and releases the connection) at that final chunk, on error and on cancellation.
    /// </summary>
    internal IAsyncEnumerable<TUpdate> StreamJsonAsync<TRequest, TUpdate>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestTypeInfo,
        JsonTypeInfo<TUpdate> updateTypeInfo,
        Func<TUpdate, bool> isFinal,
        CancellationToken cancellationToken,
        OperationInfo? operation = null)
        where TUpdate : class
        => StreamJsonAsync(method, path, body, requestTypeInfo, new JsonLineDecoder<TUpdate>(updateTypeInfo), isFinal, cancellationToken, operation);

    /// <summary>
    /// Like the <see cref="JsonTypeInfo{T}"/> overload, with a hand-written <paramref name="decoder"/> for the lines
    /// (chat and generate streams use one that skips the serializer's per-line overhead).
    /// </summary>
    internal async IAsyncEnumerable<TUpdate> StreamJsonAsync<TRequest, TUpdate>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestTypeInfo,
        LineDecoder<TUpdate> decoder,
        Func<TUpdate, bool> isFinal,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        OperationInfo? operation = null)
        where TUpdate : class
    {
        using var call = _instrumentation.StartCall(method, path, operation, streaming: true);
        call.LogRequestBody(body, requestTypeInfo);
        var updates = StreamJsonCoreAsync(method, path, body, requestTypeInfo, decoder, isFinal, call, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                bool hasUpdate;
                try
                {
                    hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (call.Failed(ex))
                {
                    throw; // not reached: Failed only records the exception
                }

                if (!hasUpdate)
                {
                    yield break;
                }

                var update = updates.Current;
                call.OnChunk(update, isFinal(update));
                yield return update;
            }
        }
    }

    private async IAsyncEnumerable<TUpdate> StreamJsonCoreAsync<TRequest, TUpdate>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestTypeInfo,
        LineDecoder<TUpdate> decoder,
        Func<TUpdate, bool> isFinal,
        CallTracker call,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TUpdate : class
    {
        using var scope = CreateScope(cancellationToken);
        scope.Call = call;
        using var request = CreateRequest(method, path, streaming: true);
        request.Content = CreateJsonContent(body, requestTypeInfo);
        using var response = await SendCoreAsync(request, HttpCompletionOption.ResponseHeadersRead, scope, path).ConfigureAwait(false);

        Stream stream;
        try
        {
            stream = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (scope.Translate(ex, path) is { } translated)
        {
            throw translated;
        }

        using var reader = new NdjsonReader(stream, _maxStreamLineLength);
        while (true)
        {
            bool hasLine;
            try
            {
                hasLine = await reader.ReadLineAsync(scope.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (scope.Translate(ex, path) is { } translated)
            {
                throw translated;
            }

            if (!hasLine)
            {
                throw new OllamaException(reader.LineCount == 0
                    ? $"The {path} stream from {UriDisplay.Format(Endpoint)} ended without any data; the final (done) chunk never came."
                    : $"The {path} stream from {UriDisplay.Format(Endpoint)} ended early, after {reader.LineCount} chunk(s) but before the final (done) chunk; the server may have closed the connection or crashed.");
            }

            call.OnStreamLine(reader.Current.Span, reader.LineCount);
            TUpdate update;
            try
            {
                update = DecodeLine(reader.Current.Span, decoder, path);
            }
            catch (OllamaException error) when (!ReferenceEquals(RedactApiKey(error), error))
            {
                throw RedactApiKey(error); // the line echoed the API key
            }

            yield return update;
            if (isFinal(update))
            {
                yield break;
            }
        }
    }

    /// <summary>Decodes one stream line, throwing for an <c>{"error": ...}</c> line or a line that is not the expected JSON.</summary>
    internal static TUpdate DecodeLine<TUpdate>(ReadOnlySpan<byte> line, JsonTypeInfo<TUpdate> typeInfo, string path)
        where TUpdate : class
        => DecodeLine(line, new JsonLineDecoder<TUpdate>(typeInfo), path);

    /// <summary>Decodes one stream line with a decoder; errors as in the <see cref="JsonTypeInfo{T}"/> overload.</summary>
    internal static TUpdate DecodeLine<TUpdate>(ReadOnlySpan<byte> line, LineDecoder<TUpdate> decoder, string path)
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
            return decoder.Decode(line)
                ?? throw new OllamaException($"The {path} stream held a null line.");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // InvalidOperationException: invalid UTF-8 inside a string; FormatException: a number out of range.
            throw new OllamaException($"The {path} stream held a line that is not valid JSON for {typeof(TUpdate).Name}: {ex.Message} Line: {ErrorParser.RawText(line)}", null, null, ex);
        }
    }

    private async Task<TResponse> ReadJsonResponseAsync<TResponse>(
        HttpRequestMessage request, JsonTypeInfo<TResponse> typeInfo, BodyParser<TResponse>? parser, RequestScope scope, string path)
    {
        using var response = await SendCoreAsync(request, HttpCompletionOption.ResponseHeadersRead, scope, path).ConfigureAwait(false);
        PooledBody body = default;
        try
        {
            // Read the whole body into one pooled buffer, then parse it in one synchronous pass: the serializer's
            // async path has to re-scan a value that a custom converter reads (embeddings) each time its buffer grows.
            var stream = await OpenBoundedBodyAsync(response, path, scope.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                body = await PooledBody.ReadAsync(stream, response.Content.Headers.ContentLength, scope.Token).ConfigureAwait(false);
            }

            var result = parser is not null ? parser(body.Span) : JsonSerializer.Deserialize(body.Span, typeInfo);
            return result
                ?? throw new OllamaException($"The server at {UriDisplay.Format(Endpoint)} answered {path} with JSON null.");
        }
        catch (Exception ex) when (scope.Translate(ex, path) is { } translated)
        {
            throw translated;
        }
        finally
        {
            body.Dispose();
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

            return ErrorParser.FromResponse(response.StatusCode, response.ReasonPhrase, buffer.AsSpan(0, length), UriDisplay.Format(Endpoint));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
