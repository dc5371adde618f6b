namespace Ollama.Net.Testing.Internal;

/// <summary><c>POST /api/pull</c> and <c>POST /api/push</c>.</summary>
internal static class TransferHandlers
{
    public const string ManifestMissing = "pull model manifest: file does not exist";

    public static async Task PullAsync(Exchange x)
    {
        var req = x.Json("PullRequest");
        var modelField = Fields.RequiredModel(req, allowLegacyName: true);
        req.Bool("insecure");
        var stream = req.Bool("stream") ?? true;
        var progress = new ProgressStream(x, stream);
        var pulled = await PullIntoAsync(x, progress, modelField).ConfigureAwait(false);
        if (pulled is not null)
        {
            await progress.SuccessAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Streams the pull of <paramref name="name"/> and installs it; null when it failed (the error was sent).</summary>
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

        var steps = x.Server.Options.ProgressSteps;
        foreach (var (digest, size) in source.Layers())
        {
            if (!await progress.LayerAsync("pulling", digest, size, steps).ConfigureAwait(false))
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
        var modelField = Fields.RequiredModel(req, allowLegacyName: true);
        req.Bool("insecure");
        var stream = req.Bool("stream") ?? true;
        if (!x.Server.SignedIn)
        {
            throw new HttpError(401, "unauthorized", JsonOut.DefaultSigninUrl);
        }

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
                await progress.FailAsync($"open manifest for \"{modelField}\": file does not exist").ConfigureAwait(false);
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

        if (await progress.StatusAsync("pushing manifest").ConfigureAwait(false))
        {
            await progress.SuccessAsync().ConfigureAwait(false);
        }
    }
}
