namespace Ollama.Net.Testing.Internal;

/// <summary><c>POST /api/pull</c> and <c>POST /api/push</c>.</summary>
internal static class TransferHandlers
{
    public const string ManifestMissing = "pull model manifest: file does not exist";

    /// <summary>What the registry answers (through <c>makeRequestWithRetry</c>) when the server's key may not push.</summary>
    public const string PushUnauthorized = "unauthorized: access denied";

    public static async Task PullAsync(Exchange x)
    {
        var req = x.Json("PullRequest");
        var modelField = Fields.ModelOrName(req);
        req.Bool("insecure");
        var stream = req.Bool("stream") ?? true;

        // PullHandler: parseNormalizePullModelRef; an empty name is an invalid one too.
        if (ModelName.Ref(modelField, out var name) != ModelName.RefStatus.Valid)
        {
            throw HttpError.BadRequest("invalid model name");
        }

        var progress = new ProgressStream(x, stream);
        var pulled = await PullIntoAsync(x, progress, name).ConfigureAwait(false);
        if (pulled is not null)
        {
            await progress.SuccessAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Streams the pull of <paramref name="name"/> and installs it; null when it failed (the error was sent). A layer the
    /// server already has is reported once, complete (<c>downloadBlob</c>'s cache hit).
    /// </summary>
    internal static async Task<TestModel?> PullIntoAsync(Exchange x, ProgressStream progress, string name)
    {
        if (!await progress.StatusAsync("pulling manifest").ConfigureAwait(false))
        {
            return null;
        }

        var source = x.Server.Registry.Find(name) ?? x.Server.Models.Find(name);
        if (source is null)
        {
            await progress.FailAsync(ManifestMissing).ConfigureAwait(false);
            return null;
        }

        var local = x.Server.Models.SelectMany(m => m.Layers()).Select(l => l.Digest).ToHashSet(StringComparer.Ordinal);
        foreach (var (digest, size) in source.Layers())
        {
            var sent = local.Contains(digest)
                ? await progress.LayerAsync("pulling", digest, size, steps: 0).ConfigureAwait(false)
                : await progress.LayerAsync("pulling", digest, size, x.Server.Options.ProgressSteps).ConfigureAwait(false);
            if (!sent)
            {
                return null;
            }
        }

        foreach (var status in (string[])["verifying sha256 digest", "writing manifest"])
        {
            if (!await progress.StatusAsync(status).ConfigureAwait(false))
            {
                return null;
            }
        }

        x.Server.Models.Add(source);
        return source;
    }

    public static async Task PushAsync(Exchange x)
    {
        var req = x.Json("PushRequest");
        var modelField = Fields.ModelOrName(req);
        req.Bool("insecure");
        var stream = req.Bool("stream") ?? true;
        if (modelField.Length == 0)
        {
            throw HttpError.BadRequest("model is required");
        }

        // PushModel: every failure, signed out included, comes from inside the stream.
        var progress = new ProgressStream(x, stream);
        if (!await progress.StatusAsync("retrieving manifest").ConfigureAwait(false))
        {
            return;
        }

        var model = x.Server.Models.Find(modelField);
        if (model is null)
        {
            if (await progress.StatusAsync("couldn't retrieve manifest").ConfigureAwait(false))
            {
                await progress.FailAsync(ModelName.Normalize(modelField) is null
                    ? $"unqualified name: {ModelName.Full(modelField)}"
                    : $"open {ModelName.ManifestPath(modelField)}: no such file or directory").ConfigureAwait(false);
            }

            return;
        }

        foreach (var (digest, size) in model.Layers())
        {
            if (!await progress.LayerAsync("pushing", digest, size, x.Server.Options.ProgressSteps).ConfigureAwait(false))
            {
                return;
            }
        }

        if (!await progress.StatusAsync("pushing manifest").ConfigureAwait(false))
        {
            return;
        }

        if (!x.Server.SignedIn)
        {
            // The registry refuses the manifest of a key it does not know (ollama#8584 shows the layers going first).
            await progress.FailAsync(PushUnauthorized).ConfigureAwait(false);
            return;
        }

        await progress.SuccessAsync().ConfigureAwait(false);
    }
}
