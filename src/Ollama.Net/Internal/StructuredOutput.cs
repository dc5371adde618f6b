using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net.Internal;

/// <summary>Parses a model's structured-output answer (a JSON text) into a .NET value with a clear error.</summary>
internal static class StructuredOutput
{
    private const int MaxQuotedLength = 500;

    public static T Parse<T>(string? text, JsonTypeInfo<T> typeInfo, string what, DoneReason? doneReason)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var json = Unfence(text ?? string.Empty);
        try
        {
            var value = JsonSerializer.Deserialize(json, typeInfo);
            return value is null
                ? throw new JsonException($"The model's {what} is JSON null, not a {typeof(T).Name}.")
                : value;
        }
        catch (JsonException ex)
        {
            var hint = doneReason == DoneReason.Length
                ? " The answer was cut off (done_reason \"length\"): raise num_predict or num_ctx."
                : " Set the request's Format to a schema of the type (ChatAsync<T> and GenerateAsync<T> do) and ask for JSON in the prompt too.";
            throw new JsonException(
                $"The model's {what} is not valid JSON for {typeof(T).Name}: {ex.Message}{hint} Text: {Quote(text)}",
                ex.Path,
                ex.LineNumber,
                ex.BytePositionInLine,
                ex);
        }
    }

    /// <summary>Removes white space and a surrounding Markdown code fence (<c>```json ... ```</c>) that some models add in JSON mode.</summary>
    private static string Unfence(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.StartsWith("```") && span.EndsWith("```") && span.Length >= 6)
        {
            span = span[3..^3];
            var newline = span.IndexOf('\n');
            if (newline >= 0 && span[..newline].Trim().IndexOfAny('{', '[') < 0)
            {
                span = span[(newline + 1)..];
            }

            span = span.Trim();
        }

        return span.ToString();
    }

    private static string Quote(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "(empty)";
        }

        return text.Length > MaxQuotedLength ? string.Concat(text.AsSpan(0, MaxQuotedLength), "…") : text;
    }
}
