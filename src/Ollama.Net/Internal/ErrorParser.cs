using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ollama.Net.Internal;

/// <summary>Reads Ollama error bodies and stream error lines, and turns them into exceptions.</summary>
internal static partial class ErrorParser
{
    // C0 and C1 controls, DEL, bidi embeddings, overrides, isolates and marks, zero-width characters, line and
    // paragraph separators, the byte-order mark.
    private static readonly System.Buffers.SearchValues<char> UnsafeCharacters = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(i => (char)i)) + string.Concat(Enumerable.Range(0x7F, 0x21).Select(i => (char)i)) +
        "\u061C\u200B\u200C\u200D\u200E\u200F\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2067\u2068\u2069\uFEFF");

    /// <summary>The most raw (non-JSON) body text kept in an exception.</summary>
    public const int MaxRawTextLength = 1024;

    /// <summary>
    /// Looks for a top-level <c>"error"</c> key in a JSON object (the shape <c>{"error": "..."}</c>, possibly with
    /// <c>signin_url</c> or the relayed upstream keys <c>StatusCode</c>/<c>Status</c>). A nested
    /// <c>{"error": {"message": "..."}}</c> is read too.
    /// </summary>
    /// <returns>True when the bytes are a JSON object; <paramref name="error"/> is null when it has no error.</returns>
    public static bool TryReadError(ReadOnlySpan<byte> json, out string? error, out string? signinUrl)
    {
        error = null;
        signinUrl = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = reader.TokenType switch
                    {
                        JsonTokenType.String => ReadString(ref reader),
                        JsonTokenType.StartObject => ReadNestedMessage(ref reader),
                        JsonTokenType.Null => null,
                        _ => ReadRaw(ref reader, json),
                    };
                }
                else if (reader.ValueTextEquals("signin_url"u8))
                {
                    reader.Read();
                    signinUrl = reader.TokenType == JsonTokenType.String ? ReadString(ref reader) : null;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            error = null;
            signinUrl = null;
            return false;
        }
    }

    /// <summary>
    /// Fast check for a stream line: could it hold an <c>"error"</c> key? (Go never escapes the letters of a key, and a
    /// quote inside a string value is escaped, so a line without the bytes <c>"error"</c> has no error key.)
    /// </summary>
    public static bool MayContainError(ReadOnlySpan<byte> line) => line.IndexOf("\"error\""u8) >= 0;

    /// <summary>
    /// Builds the exception for a non-2xx response (or a 200 whose body is an error) from its (possibly truncated) body;
    /// raw text has <paramref name="secrets"/> masked before it is cut.
    /// </summary>
    public static OllamaException FromResponse(HttpStatusCode status, string? reasonPhrase, ReadOnlySpan<byte> body, string endpoint, SecretRedactor? secrets)
    {
        string? serverMessage;
        string? signinUrl = null;
        if (TryReadError(body, out var error, out var signin) && error is not null)
        {
            serverMessage = error;
            signinUrl = signin;
        }
        else
        {
            serverMessage = RawText(body, secrets);
        }

        var code = (int)status;
        var statusText = string.IsNullOrWhiteSpace(reasonPhrase) ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{code} {reasonPhrase}";
        var message = string.IsNullOrEmpty(serverMessage)
            ? $"Ollama at {endpoint} returned HTTP {Escape(statusText)} with an empty body."
            : $"Ollama at {endpoint} returned HTTP {Escape(statusText)}: {Escape(serverMessage)}";

        if (status == HttpStatusCode.Unauthorized)
        {
            message += signinUrl is null
                ? " Set OLLAMA_API_KEY (or OllamaClientOptions.ApiKey) for ollama.com, or sign the server in with 'ollama signin'."
                : $" Set OLLAMA_API_KEY (or OllamaClientOptions.ApiKey) for ollama.com, or sign the server in at {Escape(signinUrl)}";
            return new OllamaUnauthorizedException(message, status, serverMessage, signinUrl);
        }

        if (status == HttpStatusCode.NotFound && serverMessage is not null && ModelNotFoundRegex().Match(serverMessage) is { Success: true } match)
        {
            var model = match.Groups["name"].Value;
            message += model.Length == 0
                ? " The request named no model; set the model name."
                : $" Pull it first ('ollama pull {Escape(model)}'), or check the name with 'ollama list'.";
            return new OllamaModelNotFoundException(message, status, serverMessage, model);
        }

        if (status == HttpStatusCode.Forbidden && string.IsNullOrEmpty(serverMessage))
        {
            message += " A server bound to loopback rejects requests whose Host header is not local; check proxies and OLLAMA_HOST.";
        }

        return new OllamaException(message, status, serverMessage);
    }

    /// <summary>Builds the exception for an <c>{"error": ...}</c> line inside a 200 stream.</summary>
    public static OllamaException FromStreamLine(string error, string? signinUrl, string path)
    {
        var message = $"Ollama reported an error in the middle of the {path} stream: {Escape(error)}";
        if (signinUrl is not null)
        {
            return new OllamaUnauthorizedException(message + $" Sign in at {Escape(signinUrl)}", null, error, signinUrl);
        }

        return new OllamaException(message, null, error);
    }

    /// <summary>
    /// The body as text: invalid UTF-8 replaced, <paramref name="secrets"/> masked (before the cut, so that no part of a
    /// secret survives it), white space trimmed, cut to <see cref="MaxRawTextLength"/> characters.
    /// </summary>
    public static string? RawText(ReadOnlySpan<byte> body, SecretRedactor? secrets)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var kept = secrets?.Redact(text, MaxRawTextLength) ?? (text.Length > MaxRawTextLength ? text[..MaxRawTextLength] : text);
        return text.Length > MaxRawTextLength ? kept + "…" : kept;
    }

    /// <summary>
    /// Builds the exception for a redirect, which the client does not follow (Ollama never redirects): it names the
    /// status and the host of the <c>Location</c> (not its path or query, which may hold tokens).
    /// </summary>
    public static OllamaException FromRedirect(HttpStatusCode status, Uri? location, string endpoint)
    {
        var target = location is null ? "no Location"
            : !location.IsAbsoluteUri ? "another path on the same server"
            : location.IsDefaultPort ? location.IdnHost : $"{location.IdnHost}:{location.Port}";
        return new OllamaException(
            $"Ollama at {endpoint} answered with a redirect (HTTP {(int)status}) to {target}. Ollama never redirects, so the client does not follow it: the request, its headers and the API key went nowhere else. Set the endpoint to the server's real address (a proxy or a wrong scheme may be redirecting).",
            status,
            null);
    }

    /// <summary>
    /// The error to keep as an exception's inner one: <paramref name="error"/> itself, or, when it is a
    /// <see cref="JsonException"/> whose message or path quotes server text with unsafe characters (System.Text.Json
    /// quotes an invalid literal as it came), a copy with both escaped (<see cref="Escape"/>) and without the original,
    /// so that no part of the outer exception's <c>ToString()</c> carries them.
    /// </summary>
    public static Exception SafeInner(Exception error) =>
        error is JsonException json && (json.Message.AsSpan().ContainsAny(UnsafeCharacters) || (json.Path?.AsSpan().ContainsAny(UnsafeCharacters) ?? false))
            ? new JsonException(Escape(json.Message), Escape(json.Path), json.LineNumber, json.BytePositionInLine)
            : error;

    /// <summary>
    /// Server text made safe for a message or a log line: control characters (CR, LF, ESC...), bidi controls and other
    /// invisible format characters become <c>\uXXXX</c>, so a server cannot forge log lines or hide text.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Escape(string? text)
    {
        if (text is null || !text.AsSpan().ContainsAny(UnsafeCharacters))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (UnsafeCharacters.Contains(c))
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // A string value; one with invalid UTF-8 (which GetString refuses with InvalidOperationException) is decoded with
    // replacement characters instead, so that the server's error still surfaces as an OllamaException with its text.
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    private static string? ReadNestedMessage(ref Utf8JsonReader reader)
    {
        string? message = null;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    message = ReadString(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return message ?? "(error object without a message)";
    }

    private static string ReadRaw(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        var end = (int)reader.BytesConsumed;
        return Encoding.UTF8.GetString(json[start..end]);
    }

    /// <summary>
    /// Every not-found wording of the server: <c>model 'x' not found</c> (generate, chat, delete; <c>model '' not found</c>
    /// when no model was named; show quotes the normalized <c>x:latest</c>), <c>model "x" not found, try pulling it
    /// first</c> (embed, embeddings, the scheduler) and copy's <c>model "x" not found</c>.
    /// </summary>
    [GeneratedRegex("""model ['"](?<name>[^'"]*)['"] not found""", RegexOptions.CultureInvariant)]
    private static partial Regex ModelNotFoundRegex();
}
