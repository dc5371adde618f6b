namespace Ollama.Net.Testing.Internal;

/// <summary>
/// Writes a pull/push/create progress stream (<c>ProgressResponse</c> NDJSON lines ending with <c>success</c>), or, for
/// <c>"stream": false</c>, only the last object (an error becomes a 500 <c>{"error"}</c>, as Ollama's waitForStream does).
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

    /// <summary>Sends the per-layer progress lines: first without <c>completed</c>, then in equal steps up to the total.</summary>
    public async Task<bool> LayerAsync(string verb, string digest, long total, int steps)
    {
        var hex = digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..] : digest;
        var status = $"{verb} {hex[..Math.Min(12, hex.Length)]}";
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
            await x.JsonAsync(JsonOut.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("status", "success");
                w.WriteEndObject();
            })).ConfigureAwait(false);
            return;
        }

        await StatusAsync("success").ConfigureAwait(false);
    }

    public async Task FailAsync(string message)
    {
        if (!stream)
        {
            await x.Writer.SendErrorAsync(500, message).ConfigureAwait(false);
            return;
        }

        if (_stopped)
        {
            return;
        }

        if (!_begun)
        {
            _begun = true;
            if (!await x.Writer.BeginAsync(200, ResponseWriter.NdjsonContentType, null).ConfigureAwait(false))
            {
                return;
            }
        }

        await x.Writer.WriteChunkAsync(JsonOut.Error(message, null), appendNewline: true).ConfigureAwait(false);
        _stopped = true;
    }
}
