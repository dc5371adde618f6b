using System.Globalization;
using System.Text;

namespace Ollama.Net.Testing.Internal;

/// <summary><c>/</c>, version, status, account (me, signout) and the experimental cloud routes.</summary>
internal static class MiscHandlers
{
    public const string UserId = "3f9b8c2e-5d41-4a7b-9e0f-1c2d3e4f5a6b";

    public static Task RootAsync(Exchange x) => x.TextAsync(200, "Ollama is running");

    public static Task VersionAsync(Exchange x) => x.JsonAsync(JsonOut.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("version", x.Server.Version);
        w.WriteEndObject();
    }));

    public static Task StatusAsync(Exchange x) => x.JsonAsync(JsonOut.Build(w =>
    {
        var disabled = x.Server.Options.CloudDisabled;
        w.WriteStartObject();
        w.WriteStartObject("cloud");
        w.WriteBoolean("disabled", disabled);
        w.WriteString("source", disabled ? "env" : "none");
        w.WriteEndObject();
        w.WriteEndObject();
    }));

    public static Task MeAsync(Exchange x)
    {
        if (!x.Server.SignedIn)
        {
            throw new HttpError(401, "unauthorized", JsonOut.DefaultSigninUrl);
        }

        return x.JsonAsync(JsonOut.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", UserId);
            w.WriteString("email", "test.user@example.com");
            w.WriteString("name", "testuser");
            w.WriteString("bio", "Testing things offline.");
            w.WriteString("avatarurl", "https://ollama.com/public/avatar.png");
            w.WriteString("firstname", "Test");
            w.WriteString("lastname", "User");
            w.WriteString("plan", "free");
            w.WriteEndObject();
        }));
    }

    public static Task SignoutAsync(Exchange x)
    {
        if (!x.Server.SignedIn)
        {
            throw new HttpError(401, "you are not currently signed in");
        }

        x.Server.SignedIn = false;
        return x.Writer.SendJsonAsync(200, "null"u8.ToArray());
    }

    public static Task WebSearchAsync(Exchange x)
    {
        CheckCloud(x, "web search");
        var req = x.Json("WebSearchRequest");
        var query = req.String("query");
        var max = req.Int("max_results") ?? 0;
        CheckSignedIn(x);
        if (string.IsNullOrWhiteSpace(query))
        {
            throw HttpError.BadRequest("query is required");
        }

        var count = max <= 0 ? 5 : (int)Math.Min(max, 10);
        var slug = Slug(query);
        return x.JsonAsync(JsonOut.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("results");
            for (var i = 1; i <= count; i++)
            {
                w.WriteStartObject();
                w.WriteString("title", i == 1 ? $"{query} - Overview" : $"{query}: result {i}");
                w.WriteString("url", string.Create(CultureInfo.InvariantCulture, $"https://example.com/{slug}/{i}"));
                w.WriteString("content", $"Simulated search result {i} for \"{query}\". This page discusses {query} in detail.");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    public static Task WebFetchAsync(Exchange x)
    {
        CheckCloud(x, "web fetch");
        var req = x.Json("WebFetchRequest");
        var url = req.String("url");
        CheckSignedIn(x);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw HttpError.BadRequest("url is required");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw HttpError.BadRequest($"invalid url: {url}");
        }

        return x.JsonAsync(JsonOut.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("title", $"{uri.Host} - simulated page");
            w.WriteString("content", $"# {uri.Host}\n\nThis is simulated content fetched from {url}.");
            w.WriteStartArray("links");
            w.WriteStringValue($"{uri.Scheme}://{uri.Authority}/");
            w.WriteStringValue($"{uri.Scheme}://{uri.Authority}/about");
            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    public static Task RecommendationsAsync(Exchange x) => x.JsonAsync(JsonOut.Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("recommendations");
        Recommendation(w, "qwen3:0.6b", "A tiny reasoning model with tool calling.", 40960, 8192, 1_100_000_000, "free");
        Recommendation(w, "qwen2.5:0.5b", "A small, fast general chat model.", 32768, 8192, 900_000_000, "free");
        Recommendation(w, "gpt-oss:120b-cloud", "A large open-weight reasoning model served from ollama.com.", 131072, 32768, 0, "pro");
        w.WriteEndArray();
        w.WriteEndObject();
    }));

    private static void Recommendation(
        System.Text.Json.Utf8JsonWriter w, string model, string description, int context, int maxOutput, long vram, string plan)
    {
        w.WriteStartObject();
        w.WriteString("model", model);
        w.WriteString("description", description);
        w.OmitZero("context_length", context);
        w.OmitZero("max_output_tokens", maxOutput);
        w.OmitZero("vram_bytes", vram);
        w.OmitEmpty("required_plan", plan);
        w.WriteEndObject();
    }

    private static void CheckCloud(Exchange x, string operation)
    {
        if (x.Server.Options.CloudDisabled)
        {
            throw new HttpError(403, "ollama cloud is disabled: " + operation);
        }
    }

    private static void CheckSignedIn(Exchange x)
    {
        if (!x.Server.SignedIn)
        {
            throw new HttpError(401, "unauthorized", JsonOut.DefaultSigninUrl);
        }
    }

    private static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        return sb.Length == 0 ? "search" : sb.ToString().TrimEnd('-');
    }
}
