using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ollama.Net.Internal;

/// <summary>Reads Ollama error bodies and stream error lines, and turns them into exceptions.</summary>
internal static partial class ErrorParser
{
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
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.StartObject => ReadNestedMessage(ref reader),
                        JsonTokenType.Null => null,
                        _ => ReadRaw(ref reader, json),
                    };
                }
                else if (reader.ValueTextEquals("signin_url"u8))
                {
                    reader.Read();
                    signinUrl = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
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

    /// <summary>Builds the exception for a non-2xx response from its (possibly truncated) body.</summary>
    public static OllamaException FromResponse(HttpStatusCode status, string? reasonPhrase, ReadOnlySpan<byte> body, string endpoint)
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
            serverMessage = RawText(body);
        }

        var code = (int)status;
        var statusText = string.IsNullOrWhiteSpace(reasonPhrase) ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{code} {reasonPhrase}";
        var message = string.IsNullOrEmpty(serverMessage)
            ? $"Ollama at {endpoint} returned HTTP {statusText} with an empty body."
            : $"Ollama at {endpoint} returned HTTP {statusText}: {serverMessage}";

        if (status == HttpStatusCode.Unauthorized)
        {
            message += signinUrl is null
                ? " Set OLLAMA_API_KEY (or OllamaClientOptions.ApiKey) for ollama.com, or sign the server in with 'ollama signin'."
                : $" Set OLLAMA_API_KEY (or OllamaClientOptions.ApiKey) for ollama.com, or sign the server in at {signinUrl}";
            return new OllamaUnauthorizedException(message, status, serverMessage, signinUrl);
        }

        if (status == HttpStatusCode.NotFound && serverMessage is not null && ModelNotFoundRegex().Match(serverMessage) is { Success: true } match)
        {
            var model = match.Groups["name"].Value;
            message += model.Length == 0
                ? " The request named no model; set the model name."
                : $" Pull it first ('ollama pull {model}'), or check the name with 'ollama list'.";
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
        var message = $"Ollama reported an error in the middle of the {path} stream: {error}";
        if (signinUrl is not null)
        {
            return new OllamaUnauthorizedException(message + $" Sign in at {signinUrl}", null, error, signinUrl);
        }

        return new OllamaException(message, null, error);
    }

    /// <summary>The body as text: invalid UTF-8 replaced, white space trimmed, cut to <see cref="MaxRawTextLength"/> characters.</summary>
    public static string? RawText(ReadOnlySpan<byte> body)
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

        return text.Length > MaxRawTextLength ? string.Concat(text.AsSpan(0, MaxRawTextLength), "…") : text;
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
                    message = reader.GetString();
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
