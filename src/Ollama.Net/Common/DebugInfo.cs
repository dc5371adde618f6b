using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>Debug output (<c>_debug_info</c>) returned when a request sets <c>_debug_render_only</c>.</summary>
public sealed class DebugInfo
{
    /// <summary>The prompt as rendered by the model's template.</summary>
    [JsonPropertyName("rendered_template")]
    public string RenderedTemplate { get; set; } = string.Empty;

    /// <summary>The number of images in the rendered prompt.</summary>
    [JsonPropertyName("image_count")]
    public int? ImageCount { get; set; }
}
