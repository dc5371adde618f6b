namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>
/// A scenario (file, control API body or command-line spec) that is not valid: where (source, line and column when the
/// input is JSON text) and which field, and what is wrong. The message reads like a compiler's:
/// <c>scenario.json:7:9: models[0].capabilities[1]: unknown capability 'tool'; ...</c>.
/// </summary>
internal sealed class ScenarioException : Exception
{
    public ScenarioException(string? source, JsonPosition? position, string field, string problem)
        : base(Format(source, position, field, problem))
    {
        Source = source;
        Line = position?.Line;
        Column = position?.Column;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file name, or what else the text came from; null for a control API body.</summary>
    public new string? Source { get; }

    /// <summary>The 1-based line, when the input was JSON text.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column (in characters), when the input was JSON text.</summary>
    public int? Column { get; }

    /// <summary>The field, as a path such as <c>models[0].size</c>; empty for the whole document.</summary>
    public string Field { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    private static string Format(string? source, JsonPosition? position, string field, string problem)
    {
        var where = (source, position) switch
        {
            (not null, { } p) => $"{source}:{p.Line}:{p.Column}: ",
            (null, { } p) => $"line {p.Line}, column {p.Column}: ",
            (not null, null) => source + ": ",
            _ => string.Empty,
        };
        return field.Length == 0 ? where + problem : $"{where}{field}: {problem}";
    }
}
