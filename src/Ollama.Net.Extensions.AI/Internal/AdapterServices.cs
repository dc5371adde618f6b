namespace Ollama.Net.Extensions.AI;

/// <summary>What the chat client and the embedding generator share: choosing the model and answering <c>GetService</c>.</summary>
internal static class AdapterServices
{
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
    /// The <c>GetService</c> rule of both adapters: their metadata, the adapter itself, or the <see cref="OllamaClient"/>;
    /// null for anything else and for any service key.
    /// </summary>
    public static object? GetService(Type serviceType, object? serviceKey, object adapter, object metadata, OllamaClient client)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == metadata.GetType())
        {
            return metadata;
        }

        if (serviceType.IsInstanceOfType(adapter))
        {
            return adapter;
        }

        return serviceType.IsInstanceOfType(client) ? client : null;
    }
}
