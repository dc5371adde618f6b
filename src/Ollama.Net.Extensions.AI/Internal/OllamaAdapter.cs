namespace Ollama.Net.Extensions.AI;

/// <summary>
/// What the chat client and the embedding generator share: the <see cref="OllamaClient"/> (never disposed by the
/// adapter), the default model, the metadata, and the <c>GetService</c> rule.
/// </summary>
internal abstract class OllamaAdapter : IDisposable
{
    private protected OllamaAdapter(OllamaClient client, string? defaultModel)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        DefaultModel = string.IsNullOrWhiteSpace(defaultModel) ? client.DefaultModel : defaultModel;
    }

    /// <summary>The client requests go through.</summary>
    protected OllamaClient Client { get; }

    /// <summary>The model used when a call names none (the adapter's, else the client's default model).</summary>
    protected string? DefaultModel { get; }

    /// <summary>The <c>ChatClientMetadata</c> or <c>EmbeddingGeneratorMetadata</c>.</summary>
    protected abstract object Metadata { get; }

    /// <summary>The model of a call: the options' model id, else the raw request's model, else the adapter's default.</summary>
    /// <exception cref="InvalidOperationException">None of them names a model (<paramref name="noModelMessage"/>).</exception>
    public static string ChooseModel(string? optionsModel, string? requestModel, string? defaultModel, string noModelMessage)
    {
        var model = optionsModel;
        if (string.IsNullOrWhiteSpace(model))
        {
            model = string.IsNullOrWhiteSpace(requestModel) ? defaultModel : requestModel;
        }

        return string.IsNullOrWhiteSpace(model) ? throw new InvalidOperationException(noModelMessage) : model;
    }

    /// <summary>
    /// Returns the metadata (provider <c>ollama</c>, the endpoint, the default model), this adapter, or the
    /// <see cref="OllamaClient"/>; null for anything else and for any <paramref name="serviceKey"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is null.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == Metadata.GetType())
        {
            return Metadata;
        }

        if (serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return serviceType.IsInstanceOfType(Client) ? Client : null;
    }

    /// <summary>Does nothing: the <see cref="OllamaClient"/> belongs to whoever created it.</summary>
    public void Dispose()
    {
    }
}
