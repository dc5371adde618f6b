namespace Ollama.Net.Prompts;

/// <summary>
/// Asks a model until its reply parses with a <see cref="FormatConstraint{T}"/>, up to <see cref="ReaskOptions.MaxAttempts"/>
/// requests. After a reply that does not parse, the next request repeats the conversation plus the bad reply (as an assistant
/// turn) and a user turn saying what was wrong and which format is expected (<see cref="FormatConstraint.GetCorrection"/>).
/// JSON constraints also send their schema as <c>format</c>. Every attempt is reported in the result. Transport errors and
/// cancellation are not retried: they propagate. This class works with any chat function; for <see cref="OllamaClient"/> use
/// <see cref="OllamaClientPromptExtensions"/>.
/// </summary>
/// <example>
/// <code>
/// var score = FormatConstraint.Integer(1, 10);
/// Prompt prompt = new PromptBuilder().WithTask("Rate Acme from 1 to 10.").WithOutputFormat(score).Build();
/// ReaskResult&lt;int&gt; result = await Reasker.AskAsync(
///     async (request, ct) => (await client.ChatAsync(request, ct)).Message.Content, prompt, "qwen3", score);
/// foreach (var attempt in result.Attempts) Console.WriteLine(attempt);
/// </code>
/// </example>
public static class Reasker
{
    /// <summary>Sends a built prompt and re-asks until the reply parses.</summary>
    /// <typeparam name="T">The type of the answer.</typeparam>
    /// <param name="send">Sends one chat request and returns the reply text.</param>
    /// <param name="prompt">The prompt, usually built with the same constraint.</param>
    /// <param name="model">The model name.</param>
    /// <param name="format">The constraint that parses the replies.</param>
    /// <param name="options">Attempts, language, format; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result with every attempt.</returns>
    public static Task<ReaskResult<T>> AskAsync<T>(
        Func<ChatRequest, CancellationToken, Task<string>> send,
        Prompt prompt,
        string model,
        FormatConstraint<T> format,
        ReaskOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        options ??= new ReaskOptions();
        var request = prompt.ToChatRequest(model);
        var language = options.Language ?? prompt.Language;
        var reasoning = options.AfterReasoning ?? prompt.AsksForReasoning;
        return RunAsync(send, request, format, options, language, reasoning, cancellationToken);
    }

    /// <summary>Sends a chat request and re-asks until the reply parses.</summary>
    /// <typeparam name="T">The type of the answer.</typeparam>
    /// <param name="send">Sends one chat request and returns the reply text.</param>
    /// <param name="request">The first request; it is not modified (each attempt sends a copy).</param>
    /// <param name="format">The constraint that parses the replies.</param>
    /// <param name="options">Attempts, language, format; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The result with every attempt.</returns>
    public static Task<ReaskResult<T>> AskAsync<T>(
        Func<ChatRequest, CancellationToken, Task<string>> send,
        ChatRequest request,
        FormatConstraint<T> format,
        ReaskOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        options ??= new ReaskOptions();
        return RunAsync(send, request, format, options, options.Language ?? PromptLanguage.English, options.AfterReasoning ?? false, cancellationToken);
    }

    private static async Task<ReaskResult<T>> RunAsync<T>(
        Func<ChatRequest, CancellationToken, Task<string>> send,
        ChatRequest request,
        FormatConstraint<T> format,
        ReaskOptions options,
        PromptLanguage language,
        bool afterReasoning,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(format);
        Localized.Check(language);
        if (request.Messages is null || request.Messages.Count == 0)
        {
            throw new ArgumentException("The chat request has no messages to ask.", nameof(request));
        }

        var requestFormat = !options.UseRequestFormat ? null
            : request.Format ?? (afterReasoning ? null : format.RequestFormat);
        var conversation = new List<Message>(request.Messages);
        var attempts = new List<ReaskAttempt>(options.MaxAttempts);
        ParseResult<T> result;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attemptRequest = request.WithStream(false);
            attemptRequest.Messages = [.. conversation];
            attemptRequest.Format = requestFormat;

            var reply = await send(attemptRequest, cancellationToken).ConfigureAwait(false) ?? string.Empty;
            result = format.Parse(reply);
            attempts.Add(new ReaskAttempt(attempts.Count + 1, reply, result.ErrorKind, result.Error));
            conversation.Add(Message.Assistant(reply));
            if (result.IsSuccess || attempts.Count >= options.MaxAttempts)
            {
                break;
            }

            conversation.Add(Message.User(format.GetCorrection(language, result.GetError(language)!, afterReasoning)));
        }

        return new ReaskResult<T>(result, attempts.AsReadOnly(), conversation.AsReadOnly());
    }
}
