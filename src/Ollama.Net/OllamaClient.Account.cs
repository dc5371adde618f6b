using Ollama.Net.Serialization;

namespace Ollama.Net;

// The ollama.com account of the server: POST /api/me and POST /api/signout.
public partial class OllamaClient
{
    /// <summary>
    /// Gets the ollama.com account the server is signed in with (<c>POST /api/me</c>, server v0.12.0+).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account: id, e-mail, name, plan...</returns>
    /// <exception cref="OllamaUnauthorizedException">
    /// The server is not signed in; <see cref="OllamaUnauthorizedException.SigninUrl"/> is where to connect its key.
    /// </exception>
    /// <exception cref="OllamaException">ollama.com could not be asked (503 <c>account unavailable</c>), or another error.</exception>
    public virtual Task<UserAccount> GetCurrentUserAsync(CancellationToken cancellationToken = default)
        => SendJsonAsync(HttpMethod.Post, "api/me", OllamaJsonContext.Default.UserAccount, cancellationToken);

    /// <summary>Signs the server out of ollama.com (<c>POST /api/signout</c>, server v0.12.1+).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server is signed out.</returns>
    /// <exception cref="OllamaUnauthorizedException">The server was not signed in.</exception>
    /// <exception cref="OllamaException">Signing out failed, or the server could not be reached.</exception>
    public virtual Task SignOutAsync(CancellationToken cancellationToken = default)
        => SendContentAsync(HttpMethod.Post, "api/signout", null, cancellationToken);
}
