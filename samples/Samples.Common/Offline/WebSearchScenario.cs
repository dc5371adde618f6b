using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline answers for the WebSearch sample: a model that searches first (<c>web_search</c>), then reads the pages it
/// found, all in one round (<c>web_fetch</c>, three calls at once), then answers from what the tools returned. The
/// search results and pages are <see cref="OllamaTestServer"/>'s own simulated ones, so the answer says so.
/// </summary>
public sealed partial class WebSearchScenario : OfflineScenario
{
    /// <summary>What the simulated model searches for.</summary>
    public const string Query = "top news today";

    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ReplyGenerator = new ReplyRules()
            .When(c => ToolResults(c, "web_fetch").Any(), Answer)
            .When(c => ToolResults(c, "web_search").Any(), ReadPages)
            .When(c => c.Tools is { ValueKind: JsonValueKind.Array }, Search)
            .Reply;
    }

    private static ScriptedReply Search(ReplyContext context) => new()
    {
        Thinking = Think(context, "The user asks about today's news. I cannot know it from training, so I search first."),
        ToolCalls = [new ScriptedToolCall("web_search", new JsonObject { ["query"] = Query, ["max_results"] = 3 })],
    };

    private static ScriptedReply ReadPages(ReplyContext context) => new()
    {
        Thinking = Think(context, "Three results. The excerpts are short; I read all three pages before I answer."),
        ToolCalls = [.. Urls(ToolResults(context, "web_search").Last()).Select(url => new ScriptedToolCall("web_fetch", new JsonObject { ["url"] = url }))],
    };

    private static ScriptedReply Answer(ReplyContext context)
    {
        // Each page as the sample sent it: a line "<title>" <url>: N characters, then the text; its first sentence is the story.
        var stories = ToolResults(context, "web_fetch").Select((page, i) =>
            $"{i + 1}. {page.Split('\n').Skip(1).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'))} (source: {Urls(page).FirstOrDefault()})");
        return new ScriptedReply
        {
            Thinking = Think(context, "The pages are placeholders, so I report what they say and that they hold no real news."),
            Content = "These pages are simulated, so there is no real news in them. What the three pages say:\n" + string.Join('\n', stories),
            ChunkSize = 8,
        };
    }

    private static string? Think(ReplyContext context, string thought) => context.Think ? thought : null;

    private static IEnumerable<string> ToolResults(ReplyContext context, string toolName)
        => context.Messages
            .Where(m => m.TryGetProperty("role", out var role) && role.ValueEquals("tool")
                && m.TryGetProperty("tool_name", out var name) && name.ValueEquals(toolName))
            .Select(ReplyRules.MessageContent);

    private static IEnumerable<string> Urls(string toolResult) => UrlPattern().Matches(toolResult).Select(m => m.Groups[1].Value).Distinct();

    [GeneratedRegex("<(https?://[^>\\s]+)>")]
    private static partial Regex UrlPattern();
}
