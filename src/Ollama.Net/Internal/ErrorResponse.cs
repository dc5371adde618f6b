using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>An error body: <c>{"error": "...", "signin_url": "..."}</c> (extra keys such as <c>StatusCode</c> are ignored).</summary>
internal sealed class ErrorResponse
{
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("signin_url")]
    public string? SigninUrl { get; set; }
}
