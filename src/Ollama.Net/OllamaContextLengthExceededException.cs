using System.Net;

namespace Ollama.Net;

/// <summary>
/// The prompt does not fit the model's context window and Ollama refused it instead of cutting it: the request had
/// <c>"truncate": false</c> (llama-server's <c>request (N tokens) exceeds the available context size (M tokens)</c>) or
/// <c>"shift": false</c> (<c>the prompt is longer than the context length currently available to the model</c>). Thrown by
/// <see cref="ChatSession"/>; shorten the conversation (<see cref="ChatSession.Undo"/>, <see cref="ChatSession.Clear"/>) or
/// raise <c>num_ctx</c>.
/// </summary>
public class OllamaContextLengthExceededException : OllamaException
{
    /// <summary>Creates an exception with a default message.</summary>
    public OllamaContextLengthExceededException()
        : base("The prompt does not fit the model's context window.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public OllamaContextLengthExceededException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OllamaContextLengthExceededException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a refused prompt.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status (normally 400), or null for an error line inside a stream.</param>
    /// <param name="serverMessage">The server's error text.</param>
    /// <param name="promptTokens">The prompt length the server counted, when it said.</param>
    /// <param name="contextLength">The context length the server had, when it said.</param>
    /// <param name="innerException">The cause.</param>
    public OllamaContextLengthExceededException(
        string? message, HttpStatusCode? statusCode, string? serverMessage, int? promptTokens, int? contextLength, Exception? innerException = null)
        : base(message, statusCode, serverMessage, innerException)
    {
        PromptTokens = promptTokens;
        ContextLength = contextLength;
    }

    /// <summary>The prompt length in tokens as the server counted it (<c>n_prompt_tokens</c>), or null when it did not say.</summary>
    public int? PromptTokens { get; }

    /// <summary>The context length in tokens the model runs with (<c>n_ctx</c>), or null when the server did not say.</summary>
    public int? ContextLength { get; }
}
