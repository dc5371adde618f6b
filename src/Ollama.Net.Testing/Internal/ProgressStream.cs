namespace Ollama.Net.Testing.Internal;

/// <summary>
/// Writes a pull/push/create progress stream (<c>ProgressResponse</c> NDJSON lines ending with <c>success</c>, as
/// <c>streamResponse</c> does), or, for <c>"stream": false</c>, only the last object (<c>waitForStream</c>). Both send
/// their JSON bodies as <c>application/json</c> without a charset.
/// </summary>
internal sealed class ProgressStream(Exchange x, bool stream)
{
    private bool _begun;
    private bool _stopped;

    /// <summary>Sends one progress line; returns false when the stream must stop.</summary>
    public async Task<bool> StatusAsync(string status, string? digest = null, long total = 0, long completed = 0)
    {
        if (_stopped)
        {
            return false;
        }

        if (!stream)
        {
            return true;
        }

        if (!_begun)
        {
            _begun = true;
            if (!await x.Writer.BeginAsync(200, ResponseWriter.NdjsonContentType, null).ConfigureAwait(false))
            {
                _stopped = true;
                return false;
            }
        }

        var line = JsonOut.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("status", status);
            w.OmitEmpty("digest", digest);
            w.OmitZero("total", total);
            w.OmitZero("completed", completed);
            w.WriteEndObject();
        });
        if (!await x.Writer.WriteChunkAsync(line, appendNewline: true).ConfigureAwait(false))
        {
            _stopped = true;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Sends the per-layer progress lines: first without <c>completed</c>, then in equal steps up to the total; with no
    /// steps, one complete line (a layer that is there already).
    /// </summary>
    public async Task<bool> LayerAsync(string verb, string digest, long total, int steps)
    {
        var hex = digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..] : digest;
        var status = $"{verb} {hex[..Math.Min(12, hex.Length)]}";
        if (steps == 0)
        {
            return await StatusAsync(status, digest, total, total).ConfigureAwait(false);
        }
        for (var s = 0; s <= steps; s++)
        {
            if (!await StatusAsync(status, digest, total, total * s / steps).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    public async Task SuccessAsync()
    {
        if (!stream)
        {
            var body = JsonOut.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("status", "success");
                w.WriteEndObject();
            });
            await x.Writer.SendAsync(200, ResponseWriter.StreamJsonContentType, body).ConfigureAwait(false);
            return;
        }

        await StatusAsync("success").ConfigureAwait(false);
    }

    /// <summary>
    /// Ends with an error: an <c>{"error"}</c> line after progress was sent, else the status (500 unless the server
    /// gives one) with the error body.
    /// </summary>
    public async Task FailAsync(string message, int status = 500)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (!_begun)
        {
            await x.Writer.SendErrorAsync(status, message, streamed: true).ConfigureAwait(false);
            return;
        }

        await x.Writer.WriteChunkAsync(JsonOut.Error(message, null), appendNewline: true).ConfigureAwait(false);
    }
}
