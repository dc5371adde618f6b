using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Serialization;
using Ollama.Net;

namespace WebSearch;

/// <summary>
/// The two tools the model gets: <c>web_search</c> and <c>web_fetch</c>, each one call of the client, with the answer
/// written as compact text for the model (pages cut to <see cref="MaxPageCharacters"/>, so a few of them fit the context).
/// </summary>
internal static class WebTools
{
    /// <summary>The most characters of a fetched page sent to the model (about 1,500 tokens).</summary>
    public const int MaxPageCharacters = 6000;

    private const int MaxExcerptCharacters = 400;
    private const int MaxLinks = 10;

    public static ChatTool Search(OllamaClient web) => ChatTool.Create("web_search",
        "Searches the web. Returns the title, URL and an excerpt of the top pages. Use it for anything recent or that you do not know.",
        WebJsonContext.Default.WebSearchArguments,
        (arguments, cancellationToken) => ReportFailureAsync($"searching for \"{arguments.Query}\"", async () =>
        {
            var found = await web.WebSearchAsync(arguments.Query, Math.Clamp(arguments.MaxResults ?? 5, 1, 10), cancellationToken);
            var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{found.Results.Count} results for \"{arguments.Query}\":\n");
            for (var i = 0; i < found.Results.Count; i++)
            {
                var hit = found.Results[i];
                text.Append(CultureInfo.InvariantCulture, $"[{i + 1}] {hit.Title} <{hit.Url}>\n    {Cut(hit.Content, MaxExcerptCharacters).ReplaceLineEndings(" ")}\n");
            }

            return text.ToString();
        }));

    public static ChatTool Fetch(OllamaClient web) => ChatTool.Create("web_fetch",
        "Fetches a web page by its URL. Returns its title, its text and its links. Use it to read a page that web_search found.",
        WebJsonContext.Default.WebFetchArguments,
        (arguments, cancellationToken) => ReportFailureAsync($"fetching {arguments.Url}", async () =>
        {
            var page = await web.WebFetchAsync(arguments.Url, cancellationToken);
            var cut = page.Content.Length > MaxPageCharacters ? $", the first {MaxPageCharacters:N0} follow" : string.Empty;
            var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"\"{page.Title}\" <{arguments.Url}>: {page.Content.Length:N0} characters{cut}\n\n");
            text.Append(Cut(page.Content, MaxPageCharacters));
            if (page.Links is { Count: > 0 } links)
            {
                text.Append("\n\nLinks:\n").AppendJoin('\n', links.Take(MaxLinks));
            }

            return text.ToString();
        }));

    // A search or a page that fails, or arguments the client refuses (an empty query), is reported to the model, which can
    // try again; a refusal for want of an ollama.com key (401) or with cloud features turned off (403) is thrown, and stops
    // the exchange (ThrowOnToolError, Program.cs).
    private static async ValueTask<string> ReportFailureAsync(string what, Func<Task<string>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is ArgumentException
            || (ex is OllamaException { StatusCode: not HttpStatusCode.Forbidden } && ex is not OllamaUnauthorizedException))
        {
            return $"Error: {what} failed: {ex.Message}";
        }
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}

/// <summary>The arguments of <c>web_search</c>, as the model sends them.</summary>
internal sealed record WebSearchArguments(
    [property: Description("What to search for, as you would type it into a search engine.")] string Query,
    [property: Description("How many results to return, 1 to 10 (default 5).")] int? MaxResults = null);

/// <summary>The arguments of <c>web_fetch</c>, as the model sends them.</summary>
internal sealed record WebFetchArguments([property: Description("The full URL of the page, starting with https://.")] string Url);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(WebSearchArguments))]
[JsonSerializable(typeof(WebFetchArguments))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
