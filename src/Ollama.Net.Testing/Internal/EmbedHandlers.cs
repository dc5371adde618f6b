using System.Text.Json;

namespace Ollama.Net.Testing.Internal;

/// <summary><c>POST /api/embed</c> and the legacy <c>POST /api/embeddings</c>.</summary>
internal static class EmbedHandlers
{
    public static async Task EmbedAsync(Exchange x)
    {
        var req = x.Json("EmbedRequest");
        var modelField = req.String("model") ?? string.Empty;
        var input = req.Get("input");
        var truncate = req.Bool("truncate") ?? true;
        var dimensions = req.Int("dimensions") ?? 0;
        var keepAlive = Fields.KeepAlive(req);
        Fields.OptionsObject(req);

        // EmbedHandler: the name, the input type, the lookup, the options; negative dimensions are ignored.
        switch (ModelName.Ref(modelField, out _))
        {
            case ModelName.RefStatus.Required:
                throw HttpError.NotFound($"model '{modelField}' not found");
            case ModelName.RefStatus.Invalid:
                throw HttpError.BadRequest("invalid model name");
        }

        var inputs = new List<string>();
        switch (input)
        {
            case null:
                break;
            case { ValueKind: JsonValueKind.String } s:
                if (s.GetString() is { Length: > 0 } text)
                {
                    inputs.Add(text);
                }

                break;
            case { ValueKind: JsonValueKind.Array } a:
                foreach (var item in a.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        throw HttpError.BadRequest("invalid input type");
                    }

                    inputs.Add(item.GetString()!);
                }

                break;
            default:
                throw HttpError.BadRequest("invalid input type");
        }

        var model = Fields.FindModel(x, modelField, 404, string.Empty, _ => NotFound(modelField));
        var options = Fields.Options(req);
        var contextLength = ContextWindow.EffectiveNumCtx(x.Server.Options, model, options.NumCtx);
        using var lease = await x.Server.Scheduler.AcquireAsync(model, contextLength, shift: true, keepAlive, x.Token).ConfigureAwait(false);
        var warm = !lease.Loaded;
        if (inputs.Count == 0)
        {
            lease.Dispose();
            await x.JsonAsync(JsonOut.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString("model", modelField);
                w.WriteStartArray("embeddings");
                w.WriteEndArray();
                w.WriteEndObject();
            })).ConfigureAwait(false);
            return;
        }

        // EmbedHandler measures the inputs before it asks the runner, which takes a slot per input.
        var tokens = 0;
        foreach (var text in inputs)
        {
            var n = TextTools.EstimateTokens(text);
            if (n > contextLength && !truncate)
            {
                throw HttpError.BadRequest("the input length exceeds the context length");
            }

            tokens += Math.Min(n, contextLength);
        }

        await lease.StartGenerationAsync(x.Token).ConfigureAwait(false);
        if (!model.Has(TestModelCapabilities.Embedding))
        {
            // llama-server runs without --embeddings for a model without pooling; EmbedHandler relays its status.
            throw new HttpError(501, NoEmbeddings);
        }

        var dims = dimensions > 0 && dimensions < model.EmbeddingLength ? (int)dimensions : model.EmbeddingLength;
        var vectors = inputs.Select(text => Embed(x.Server, text, model.EmbeddingLength, dims)).ToList();
        var loadNs = x.Server.Options.ModelLoadTime > TimeSpan.Zero ? lease.Waited.Ticks * 100 : warm ? 1_234_567L : 98_765_432L;
        var totalNs = loadNs + (tokens * 250_000L) + 500_000;

        lease.Dispose();
        await x.JsonAsync(JsonOut.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("model", modelField);
            w.WriteStartArray("embeddings");
            foreach (var v in vectors)
            {
                w.WriteStartArray();
                foreach (var f in v)
                {
                    w.WriteNumberValue(f);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.OmitZero("total_duration", totalNs);
            w.OmitZero("load_duration", loadNs);
            w.OmitZero("prompt_eval_count", tokens);
            w.WriteEndObject();
        })).ConfigureAwait(false);
    }

    public static async Task EmbeddingsAsync(Exchange x)
    {
        var req = x.Json("EmbeddingRequest");
        var modelField = req.String("model") ?? string.Empty;
        var prompt = req.String("prompt") ?? string.Empty;
        var keepAlive = Fields.KeepAlive(req);
        Fields.OptionsObject(req);
        var model = Fields.FindModel(x, modelField, 400, "model is required", _ => NotFound(modelField));
        var options = Fields.Options(req);
        using var lease = await x.Server.Scheduler.AcquireAsync(
            model, ContextWindow.EffectiveNumCtx(x.Server.Options, model, options.NumCtx), shift: true, keepAlive, x.Token).ConfigureAwait(false);
        if (prompt.Length > 0)
        {
            await lease.StartGenerationAsync(x.Token).ConfigureAwait(false);
        }

        double[] vector;
        if (prompt.Length == 0)
        {
            vector = [];
        }
        else if (!model.Has(TestModelCapabilities.Embedding))
        {
            // EmbeddingsHandler turns every runner error into a 500.
            throw new HttpError(500, NoEmbeddings);
        }
        else if (x.Server.Options.EmbeddingGenerator is { } generator)
        {
            vector = [.. generator(prompt, model.EmbeddingLength).Select(f => (double)f)];
        }
        else
        {
            vector = TestEmbeddings.Raw(prompt, model.EmbeddingLength);
        }

        lease.Dispose();
        await x.JsonAsync(JsonOut.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("embedding");
            foreach (var d in vector)
            {
                w.WriteNumberValue(d);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        })).ConfigureAwait(false);
    }

    /// <summary>llama-server's answer (501) when it was started without <c>--embeddings</c>.</summary>
    private const string NoEmbeddings = "This server does not support embeddings. Start it with `--embeddings`";

    /// <summary>The scheduler path's not-found text (<c>handleScheduleError</c>).</summary>
    private static string NotFound(string requested) => $"model {TextTools.GoQuote(requested)} not found, try pulling it first";

    private static float[] Embed(OllamaTestServer server, string text, int length, int dims)
    {
        if (server.Options.EmbeddingGenerator is { } generator)
        {
            var custom = generator(text, length);
            return TestEmbeddings.Normalize([.. custom.Select(f => (double)f)], dims);
        }

        return TestEmbeddings.Normalize(TestEmbeddings.Raw(text, length), dims);
    }
}
