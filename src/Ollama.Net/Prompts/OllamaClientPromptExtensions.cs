namespace Ollama.Net.Prompts;

/// <summary>Prompt helpers on <see cref="OllamaClient"/>: send a prompt and re-ask until the answer parses.</summary>
public static class OllamaClientPromptExtensions
{
    /// <summary>
    /// Sends <paramref name="prompt"/> with <see cref="OllamaClient.ChatAsync(ChatRequest, CancellationToken)"/> and re-asks
    /// with a corrective message until the reply parses with <paramref name="format"/> (see <see cref="Reasker"/>).
    /// </summary>
    /// <typeparam name="T">The type of the answer.</typeparam>
    /// <param name="client">The client.</param>
    /// <param name="prompt">The prompt, usually built with the same constraint.</param>
    /// <param name="model">The model name.</param>
    /// <param name="format">The constraint that parses the replies.</param>
    /// <param name="options">Attempts, language, format; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result with every attempt.</returns>
    /// <example>
    /// <code>
    /// var score = FormatConstraint.Integer(1, 10);
    /// var prompt = new PromptBuilder(PromptLanguage.Chinese).WithTask("给这家公司打分").WithInput("某公司")
    ///     .WithOutputFormat(score).WithoutReasons().Build();
    /// ReaskResult&lt;int&gt; result = await client.AskAsync(prompt, "qwen3", score);
    /// if (result.IsSuccess) Console.WriteLine(result.Value);
    /// </code>
    /// </example>
    public static Task<ReaskResult<T>> AskAsync<T>(
        this OllamaClient client,
        Prompt prompt,
        string model,
        FormatConstraint<T> format,
        ReaskOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Reasker.AskAsync(SendVia(client), prompt, model, format, options, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="request"/> and re-asks with a corrective message until the reply parses with
    /// <paramref name="format"/> (see <see cref="Reasker"/>).
    /// </summary>
    /// <typeparam name="T">The type of the answer.</typeparam>
    /// <param name="client">The client.</param>
    /// <param name="request">The first request; it is not modified.</param>
    /// <param name="format">The constraint that parses the replies.</param>
    /// <param name="options">Attempts, language, format; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result with every attempt.</returns>
    public static Task<ReaskResult<T>> AskAsync<T>(
        this OllamaClient client,
        ChatRequest request,
        FormatConstraint<T> format,
        ReaskOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Reasker.AskAsync(SendVia(client), request, format, options, cancellationToken);
    }

    private static Func<ChatRequest, CancellationToken, Task<string>> SendVia(OllamaClient client)
        => async (request, cancellationToken) =>
            (await client.ChatAsync(request, cancellationToken).ConfigureAwait(false)).Message.Content;
}
