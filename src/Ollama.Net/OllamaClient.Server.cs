using Ollama.Net.Serialization;

namespace Ollama.Net;

// The server itself: GET / (is it running) and GET /api/status.
public partial class OllamaClient
{
    /// <summary>
    /// Checks whether a server answers at the endpoint (<c>GET /</c>, which answers <c>Ollama is running</c>). Never
    /// throws for an unreachable server or an error status: it returns false.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call (cancellation still throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>True when the server answered with a success status.</returns>
    public virtual async Task<bool> IsRunningAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await SendContentAsync(HttpMethod.Get, string.Empty, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OllamaException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Gets the server's settings report (<c>GET /api/status</c>, server v0.16.2+): whether cloud features are off.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status.</returns>
    /// <exception cref="OllamaException">The server reported an error (404 before v0.16.2) or could not be reached.</exception>
    public virtual Task<ServerStatus> GetStatusAsync(CancellationToken cancellationToken = default)
        => SendJsonAsync(HttpMethod.Get, "api/status", OllamaJsonContext.Default.ServerStatus, cancellationToken);
}
