namespace Ollama.Net;

/// <summary>The progress of a pull an <see cref="OllamaRouter"/> started because a server did not have a model.</summary>
public sealed class ModelPullingEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="server">The server the model is pulled on.</param>
    /// <param name="model">The model.</param>
    /// <param name="progress">The pull's progress so far.</param>
    public ModelPullingEventArgs(OllamaServer server, string model, ModelTransferProgress progress)
    {
        Server = server ?? throw new ArgumentNullException(nameof(server));
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Progress = progress ?? throw new ArgumentNullException(nameof(progress));
    }

    /// <summary>The server the model is pulled on.</summary>
    public OllamaServer Server { get; }

    /// <summary>The model, as the call named it.</summary>
    public string Model { get; }

    /// <summary>The pull's progress so far.</summary>
    public ModelTransferProgress Progress { get; }
}
