using Ollama.Net.Serialization;

namespace Ollama.Net;

public partial class OllamaClient
{
    /// <summary>Asks the server for its version (<c>GET /api/version</c>). A cheap way to check that it is up.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version string, and its numeric part as a <see cref="Version"/> when it parses.</returns>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<ServerVersion> GetVersionAsync(CancellationToken cancellationToken = default)
        => SendJsonAsync(HttpMethod.Get, "api/version", OllamaJsonContext.Default.ServerVersion, cancellationToken);
}
