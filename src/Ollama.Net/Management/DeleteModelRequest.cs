using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A request to <c>DELETE /api/delete</c> (a JSON body on DELETE): remove an installed model.</summary>
public sealed class DeleteModelRequest
{
    /// <summary>Creates an empty request.</summary>
    public DeleteModelRequest()
    {
    }

    /// <summary>Creates a request for a model.</summary>
    /// <param name="model">The model name.</param>
    public DeleteModelRequest(string model) => Model = model;

    /// <summary>The model name (required).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary><b>Legacy</b> alias of <see cref="Model"/> (<c>name</c>); the server reads it only when <c>model</c> is empty.</summary>
    [Obsolete("Legacy wire alias: use Model.")]
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
