namespace Ollama.Net.Testing;

/// <summary>
/// What a <see cref="TestModel"/> can do. The server reports these as the <c>capabilities</c> strings of
/// <c>/api/tags</c> and <c>/api/show</c> and enforces them as Ollama does (for example <c>think</c> on a model without
/// <see cref="Thinking"/> is a 400).
/// </summary>
[Flags]
public enum TestModelCapabilities
{
    /// <summary>No capabilities.</summary>
    None = 0,

    /// <summary><c>completion</c>: chat and generate.</summary>
    Completion = 1,

    /// <summary><c>tools</c>: tool calling.</summary>
    Tools = 2,

    /// <summary><c>insert</c>: fill-in-the-middle (<c>suffix</c>).</summary>
    Insert = 4,

    /// <summary><c>vision</c>: images in prompts (without it the runner refuses them with a 500).</summary>
    Vision = 8,

    /// <summary>
    /// <c>embedding</c>: an embedding model. Without it <c>/api/embed</c> fails as llama-server does without
    /// <c>--embeddings</c> (501).
    /// </summary>
    Embedding = 16,

    /// <summary><c>thinking</c>: reasoning output (<c>think</c>).</summary>
    Thinking = 32,

    /// <summary><c>audio</c>: audio input (WAV or MP3 bytes in <c>images</c>).</summary>
    Audio = 64,

    /// <summary><c>image</c>: image generation (which <c>/api/generate</c> refuses, as Ollama does).</summary>
    Image = 128,
}
