using System.Text;

namespace Ollama.Net.Prompts;

/// <summary>
/// A text template with named placeholders (<c>{company}</c>, <c>{公司}</c>), parsed once and rendered many times cheaply,
/// for batch runs over many inputs. <c>{{</c> and <c>}}</c> write literal braces. A missing value is an error that names the
/// placeholder; an unused value is allowed unless the template is strict. Immutable and thread-safe.
/// </summary>
/// <example>
/// <code>
/// var template = PromptTemplate.Parse("Rate {company} from 1 to 10 by this definition: {definition}");
/// foreach (var company in companies)
/// {
///     string text = template.Render(new Dictionary&lt;string, string&gt; { ["company"] = company, ["definition"] = definition });
///     Prompt prompt = builder.WithInput(text).Build();
/// }
/// </code>
/// </example>
public sealed class PromptTemplate
{
    private readonly string[] _literals;   // _literals[i] comes before slot i; the last literal ends the text
    private readonly int[] _slots;         // index into Variables for each placeholder occurrence
    private readonly string[] _variables;
    private readonly int _literalLength;

    private PromptTemplate(string text, string[] literals, int[] slots, string[] variables, bool strict)
    {
        Text = text;
        _literals = literals;
        _slots = slots;
        _variables = variables;
        IsStrict = strict;
        _literalLength = literals.Sum(l => l.Length);
    }

    /// <summary>Gets the template text as given.</summary>
    public string Text { get; }

    /// <summary>Gets the distinct placeholder names, in order of first appearance.</summary>
    public IReadOnlyList<string> Variables => _variables;

    /// <summary>Gets a value indicating whether <see cref="Render(IReadOnlyDictionary{string, string})"/> rejects values no placeholder uses.</summary>
    public bool IsStrict { get; }

    /// <summary>Parses a template.</summary>
    /// <param name="template">
    /// The text. Placeholder names are letters (any script), digits, <c>_</c>, <c>-</c> and <c>.</c>; write <c>{{</c> and <c>}}</c>
    /// for literal braces.
    /// </param>
    /// <param name="strict">When <see langword="true"/>, rendering with a value that no placeholder uses is an error.</param>
    /// <returns>The parsed template.</returns>
    /// <exception cref="FormatException">A brace is unmatched or a placeholder name is empty or invalid; the message gives the position.</exception>
    public static PromptTemplate Parse(string template, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(template);
        var literals = new List<string>();
        var slots = new List<int>();
        var variables = new List<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                literal.Append('{');
                i += 2;
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                literal.Append('}');
                i += 2;
            }
            else if (c == '}')
            {
                throw new FormatException($"Unmatched '}}' at position {i} of the template. Write '}}}}' for a literal brace.");
            }
            else if (c == '{')
            {
                var close = template.IndexOf('}', i + 1);
                if (close < 0)
                {
                    throw new FormatException($"The placeholder starting at position {i} of the template is not closed with '}}'. Write '{{{{' for a literal brace.");
                }

                var name = template[(i + 1)..close];
                if (name.Length == 0)
                {
                    throw new FormatException($"Empty placeholder '{{}}' at position {i} of the template. Name it, such as {{company}}, or write '{{{{}}}}' for literal braces.");
                }

                foreach (var ch in name)
                {
                    if (!char.IsLetterOrDigit(ch) && ch is not '_' and not '-' and not '.')
                    {
                        throw new FormatException(
                            $"Invalid placeholder name \"{name}\" at position {i} of the template: names use letters, digits, '_', '-' or '.'. Write '{{{{' and '}}}}' for literal braces.");
                    }
                }

                var index = variables.IndexOf(name);
                if (index < 0)
                {
                    index = variables.Count;
                    variables.Add(name);
                }

                literals.Add(literal.ToString());
                literal.Clear();
                slots.Add(index);
                i = close + 1;
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }

        literals.Add(literal.ToString());
        return new PromptTemplate(template, [.. literals], [.. slots], [.. variables], strict);
    }

    /// <summary>Escapes literal text for use inside a template (doubles every brace).</summary>
    /// <param name="text">The literal text, such as a JSON example.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
    }

    /// <summary>Renders the template. Values are inserted as they are (braces in values need no escaping).</summary>
    /// <param name="values">A value for every placeholder, by name (case-sensitive).</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentException">A placeholder has no value (the message names it), or, for a strict template, a value is unused.</exception>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (IsStrict)
        {
            foreach (var key in values.Keys)
            {
                if (Array.IndexOf(_variables, key) < 0)
                {
                    throw new ArgumentException(
                        $"The value \"{key}\" is not used by the template (placeholders: {Describe()}). Remove it, or parse the template with strict: false.",
                        nameof(values));
                }
            }
        }

        return Render(name => values.TryGetValue(name, out var v) ? v : null, values.Keys);
    }

    /// <summary>Renders the template, asking <paramref name="lookup"/> once per distinct placeholder.</summary>
    /// <param name="lookup">Returns the value of a placeholder, or <see langword="null"/> when there is none.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentException">A placeholder has no value; the message names it.</exception>
    public string Render(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return Render(lookup, null);
    }

    /// <summary>Renders a template with a single placeholder, or the same value for one name.</summary>
    /// <param name="name">The placeholder name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentException">Another placeholder has no value, or, for a strict template, <paramref name="name"/> is unused.</exception>
    public string Render(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return Render(new Dictionary<string, string>(1) { [name] = value });
    }

    /// <summary>Returns the template text.</summary>
    /// <returns><see cref="Text"/>.</returns>
    public override string ToString() => Text;

    private string Render(Func<string, string?> lookup, IEnumerable<string>? given)
    {
        var resolved = new string[_variables.Length];
        var length = _literalLength;
        for (var v = 0; v < _variables.Length; v++)
        {
            resolved[v] = lookup(_variables[v]) ?? throw Missing(_variables[v], given);
        }

        foreach (var slot in _slots)
        {
            length += resolved[slot].Length;
        }

        return string.Create(length, (this, resolved), static (span, state) =>
        {
            var (template, values) = state;
            var at = 0;
            for (var i = 0; i < template._slots.Length; i++)
            {
                template._literals[i].AsSpan().CopyTo(span[at..]);
                at += template._literals[i].Length;
                var value = values[template._slots[i]];
                value.AsSpan().CopyTo(span[at..]);
                at += value.Length;
            }

            template._literals[^1].AsSpan().CopyTo(span[at..]);
        });
    }

    private ArgumentException Missing(string name, IEnumerable<string>? given)
    {
        var givenText = given is null ? string.Empty : $" Values given: {(given.Any() ? string.Join(", ", given) : "none")}.";
        return new ArgumentException(
            $"The template needs a value for the placeholder {{{name}}}, but none was given.{givenText} Placeholders: {Describe()}.",
            "values");
    }

    private string Describe() => _variables.Length == 0 ? "none" : string.Join(", ", _variables.Select(v => "{" + v + "}"));
}
