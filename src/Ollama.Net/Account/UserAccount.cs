using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// The ollama.com account the server is signed in with (<c>POST /api/me</c>,
/// <see cref="OllamaClient.GetCurrentUserAsync(CancellationToken)"/>).
/// </summary>
public sealed class UserAccount
{
    /// <summary>The account id (a UUID string).</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    /// <summary>The e-mail address.</summary>
    [JsonPropertyName("email")]
    public string Email { get; set; } = string.Empty;

    /// <summary>The user name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The profile text.</summary>
    [JsonPropertyName("bio")]
    public string? Bio { get; set; }

    /// <summary>The address of the profile picture (<c>avatarurl</c>).</summary>
    [JsonPropertyName("avatarurl")]
    public string? AvatarUrl { get; set; }

    /// <summary>The first name (<c>firstname</c>).</summary>
    [JsonPropertyName("firstname")]
    public string? FirstName { get; set; }

    /// <summary>The last name (<c>lastname</c>).</summary>
    [JsonPropertyName("lastname")]
    public string? LastName { get; set; }

    /// <summary>The subscription plan, such as <c>free</c> or <c>pro</c> (the server reports <c>free</c> when ollama.com sends none).</summary>
    [JsonPropertyName("plan")]
    public string? Plan { get; set; }

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
