using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Ollama.Net.Testing.Internal;

/// <summary>
/// Writes one response, applying the request's <see cref="Fault"/>: delays, trickle, cut, hang, error or malformed lines.
/// Every body write goes through <see cref="WriteChunkAsync"/>, so the faults apply to every route.
/// </summary>
internal sealed class ResponseWriter
{
    /// <summary>gin's <c>c.JSON</c>: success bodies and the handlers' own errors.</summary>
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>What <c>streamResponse</c> (an error before the first line) and <c>waitForStream</c> set.</summary>
    public const string StreamJsonContentType = "application/json";

    public const string NdjsonContentType = "application/x-ndjson";

    /// <summary>gin's <c>c.String</c>.</summary>
    public const string TextContentType = "text/plain; charset=utf-8";

    /// <summary>gin's own <c>404 page not found</c> and <c>405 method not allowed</c>.</summary>
    public const string GinTextContentType = "text/plain";

    private static readonly byte[] s_newline = "\n"u8.ToArray();
    private static readonly byte[] s_malformed = "{\"model\":\"broken\",\"created_at\":\n"u8.ToArray();

    private readonly HttpContext _context;
    private readonly RecordedRequest _record;
    private readonly TimeSpan _serverChunkDelay;
    private readonly CancellationToken _token;
    private readonly Func<Task>? _cut;
    private int _chunks;
    private bool _started;

    public ResponseWriter(
        HttpContext context, RecordedRequest record, Fault? fault, TimeSpan serverChunkDelay, Func<Task>? cut, CancellationToken token)
    {
        _context = context;
        _cut = cut;
        _record = record;
        Fault = fault;
        _serverChunkDelay = serverChunkDelay;
        _token = token;
    }

    public Fault? Fault { get; private set; }

    /// <summary>True once the stream must stop (cut, error line, hang ended, client gone).</summary>
    public bool Stopped { get; private set; }

    /// <summary>True once headers were written (or the connection was cut).</summary>
    public bool Started => _started;

    /// <summary>The status code sent with the headers, or null when none was sent.</summary>
    public int? SentStatus { get; private set; }

    public bool IsHead => HttpMethods.IsHead(_context.Request.Method);

    public void AddFault(Fault? fault)
    {
        if (fault is null)
        {
            return;
        }

        Fault = Fault is null ? fault : Fault.And(fault);
        _record.Fault = Fault;
    }

    /// <summary>
    /// Starts a response: applies the first-byte delay and the faults that act before any chunk. Returns false when the
    /// response is already over (the connection was cut, the error replaced the response, or the hang ended).
    /// </summary>
    public async Task<bool> BeginAsync(int status, string? contentType, long? contentLength)
    {
        if (Fault is { FirstByteDelay: var d } && d > TimeSpan.Zero)
        {
            await Task.Delay(d, _token).ConfigureAwait(false);
        }

        if (Fault?.CutAfter == 0)
        {
            await CutAsync().ConfigureAwait(false);
            return false;
        }

        if (Fault?.HangAfter == 0)
        {
            await HangAsync().ConfigureAwait(false);
            return false;
        }

        if (Fault?.ErrorAfter == 0)
        {
            // A runner error before the first byte: streamResponse's bare application/json, or c.JSON on unary routes.
            var body = JsonOut.Error(Fault.ErrorText, null);
            SetHeaders(500, contentType == JsonContentType ? JsonContentType : StreamJsonContentType, body.Length);
            await WriteBytesAsync(body).ConfigureAwait(false);
            Stopped = true;
            return false;
        }

        var afterChunkFaults = Fault is { } f && (f.CutAfter ?? f.ErrorAfter ?? f.MalformedAfter ?? f.HangAfter) is not null;
        SetHeaders(status, contentType, afterChunkFaults ? null : contentLength);
        return true;
    }

    /// <summary>Writes one chunk (one NDJSON line or a whole unary body). Returns false when the stream must stop.</summary>
    public async Task<bool> WriteChunkAsync(ReadOnlyMemory<byte> chunk, bool appendNewline)
    {
        if (Stopped)
        {
            return false;
        }

        var delay = Fault is { ChunkDelay: var cd } && cd > TimeSpan.Zero ? cd : _serverChunkDelay;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _token).ConfigureAwait(false);
        }

        if (!IsHead)
        {
            await WriteBytesAsync(chunk).ConfigureAwait(false);
            if (appendNewline)
            {
                await WriteBytesAsync(s_newline).ConfigureAwait(false);
            }
        }

        await _context.Response.Body.FlushAsync(_token).ConfigureAwait(false);
        _chunks++;

        if (Fault is null)
        {
            return true;
        }

        if (Fault.CutAfter == _chunks)
        {
            await CutAsync().ConfigureAwait(false);
            return false;
        }

        if (Fault.ErrorAfter == _chunks)
        {
            await WriteBytesAsync(JsonOut.Error(Fault.ErrorText, null)).ConfigureAwait(false);
            await WriteBytesAsync(s_newline).ConfigureAwait(false);
            await _context.Response.Body.FlushAsync(_token).ConfigureAwait(false);
            Stopped = true;
            return false;
        }

        if (Fault.MalformedAfter == _chunks)
        {
            await WriteBytesAsync(s_malformed).ConfigureAwait(false);
            await _context.Response.Body.FlushAsync(_token).ConfigureAwait(false);
        }

        if (Fault.HangAfter == _chunks)
        {
            await HangAsync().ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>Sends a whole non-streaming response as one chunk.</summary>
    public async Task SendAsync(int status, string? contentType, ReadOnlyMemory<byte> body)
    {
        if (await BeginAsync(status, contentType, body.Length).ConfigureAwait(false))
        {
            if (body.Length > 0 || Fault is not null)
            {
                await WriteChunkAsync(body, appendNewline: false).ConfigureAwait(false);
            }
        }
    }

    public Task SendJsonAsync(int status, byte[] json) => SendAsync(status, JsonContentType, json);

    public Task SendErrorAsync(int status, string message, string? signinUrl = null, bool streamed = false) =>
        SendAsync(status, streamed ? StreamJsonContentType : JsonContentType, JsonOut.Error(message, signinUrl));

    /// <summary>
    /// Reports an error: as a status and JSON body before anything was written (without a charset when
    /// <paramref name="streamed"/>), else as an error line.
    /// </summary>
    public async Task FailAsync(int status, string message, string? signinUrl, bool streamed = false)
    {
        if (!_started)
        {
            await SendErrorAsync(status, message, signinUrl, streamed).ConfigureAwait(false);
            return;
        }

        if (!Stopped && !_context.RequestAborted.IsCancellationRequested)
        {
            await WriteBytesAsync(JsonOut.Error(message, signinUrl)).ConfigureAwait(false);
            await WriteBytesAsync(s_newline).ConfigureAwait(false);
            Stopped = true;
        }
    }

    private void SetHeaders(int status, string? contentType, long? contentLength)
    {
        _started = true;
        SentStatus = status;
        var response = _context.Response;
        response.StatusCode = status;
        if (contentType is not null)
        {
            response.ContentType = contentType;
        }

        if (contentLength is { } length && Fault?.OneByteAtATime != true)
        {
            response.ContentLength = length;
        }
    }

    private async Task WriteBytesAsync(ReadOnlyMemory<byte> bytes)
    {
        if (IsHead || bytes.IsEmpty)
        {
            return;
        }

        if (Fault?.OneByteAtATime == true)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                await _context.Response.Body.WriteAsync(bytes.Slice(i, 1), _token).ConfigureAwait(false);
                await _context.Response.Body.FlushAsync(_token).ConfigureAwait(false);
            }

            return;
        }

        await _context.Response.Body.WriteAsync(bytes, _token).ConfigureAwait(false);
    }

    /// <summary>
    /// Cuts the connection: on HTTP/1.1 the bytes flushed so far are delivered and then the socket is closed without the
    /// final chunk; elsewhere <c>HttpContext.Abort()</c> resets the stream.
    /// </summary>
    private async Task CutAsync()
    {
        _started = true;
        Stopped = true;
        _record.MarkServerAborted();
        if (_cut is not null && HttpProtocol.IsHttp11(_context.Request.Protocol))
        {
            await _cut().ConfigureAwait(false);
        }
        else
        {
            _context.Abort();
        }
    }

    private async Task HangAsync()
    {
        Stopped = true;
        try
        {
            await Task.Delay(Timeout.Infinite, _token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away or the server is stopping.
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_chunks} chunk(s) written");
}
