using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// The body of <c>DELETE /api/delete</c>, built by <see cref="OllamaClient.DeleteModelAsync"/> (the legacy <c>name</c>
/// alias is never sent).
/// </summary>
internal sealed class DeleteModelRequest(string model)
{
    [JsonPropertyName("model")]
    public string Model { get; } = model;
}
