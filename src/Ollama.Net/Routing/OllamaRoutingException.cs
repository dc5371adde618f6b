namespace Ollama.Net;

/// <summary>
/// A routed call failed on every server it was tried on, or a call run on several servers (pull, create, copy, delete)
/// failed on some: <see cref="ServerErrors"/> names each server and its error, and so does the message.
/// </summary>
public class OllamaRoutingException : OllamaException
{
    /// <summary>Creates the exception.</summary>
    public OllamaRoutingException()
        : this("The routed Ollama call failed.", new Dictionary<Uri, Exception>())
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public OllamaRoutingException(string? message)
        : this(message, new Dictionary<Uri, Exception>())
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OllamaRoutingException(string? message, Exception? innerException)
        : base(message, innerException)
    {
        ServerErrors = new Dictionary<Uri, Exception>();
    }

    /// <summary>Creates the exception with the error of each server (the first is the inner exception).</summary>
    /// <param name="message">The message.</param>
    /// <param name="serverErrors">The error of each server that failed, by endpoint.</param>
    public OllamaRoutingException(string? message, IReadOnlyDictionary<Uri, Exception> serverErrors)
        : base(message, serverErrors?.Values.FirstOrDefault())
    {
        ArgumentNullException.ThrowIfNull(serverErrors);
        ServerErrors = serverErrors;
    }

    /// <summary>The error of each server that failed, by the server's endpoint.</summary>
    public IReadOnlyDictionary<Uri, Exception> ServerErrors { get; }

    /// <summary>Builds the message: what failed, then one "endpoint: error" part per server.</summary>
    internal static OllamaRoutingException Create(string what, IReadOnlyList<(OllamaServer Server, Exception Error)> failures)
    {
        var errors = new Dictionary<Uri, Exception>();
        foreach (var (server, error) in failures)
        {
            errors[server.Endpoint] = error;
        }

        var parts = string.Join("; ", errors.Select(e => $"{Internal.UriDisplay.Format(e.Key)}: {e.Value.Message}"));
        return new OllamaRoutingException(parts.Length == 0 ? what : $"{what} {parts}", errors);
    }
}
