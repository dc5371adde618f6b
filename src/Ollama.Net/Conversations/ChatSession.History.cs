using System.Text.Json;
using Ollama.Net.Serialization;

namespace Ollama.Net;

public sealed partial class ChatSession
{
    /// <summary>Forgets the conversation: the history and the summary. The system prompt, settings and tools stay.</summary>
    /// <exception cref="InvalidOperationException">A send is in progress.</exception>
    public void Clear()
    {
        EnsureIdle(nameof(Clear));
        _history.Clear();
        Summary = null;
        ResetObservations();
    }

    /// <summary>
    /// Removes the last exchange: the last user message and everything after it (the replies, tool calls and tool results).
    /// </summary>
    /// <returns>True when an exchange was removed; false when the history has no user message.</returns>
    /// <exception cref="InvalidOperationException">A send is in progress.</exception>
    public bool Undo()
    {
        EnsureIdle(nameof(Undo));
        var start = _history.FindLastIndex(m => m.Role == MessageRole.User);
        if (start < 0)
        {
            return false;
        }

        _history.RemoveRange(start, _history.Count - start);
        return true;
    }

    /// <summary>
    /// Saves the conversation as JSON: the system prompt, the summary and the history (thinking, images, tool calls and
    /// their ids included), in the wire format of the messages. Settings and tools are not saved.
    /// </summary>
    /// <returns>The JSON text; give it to <see cref="RestoreHistory(string)"/>.</returns>
    /// <exception cref="InvalidOperationException">A send is in progress.</exception>
    public string SaveHistory()
    {
        EnsureIdle(nameof(SaveHistory));
        var document = new ChatHistoryDocument
        {
            Version = ChatHistoryDocument.CurrentVersion,
            System = SystemPrompt,
            Summary = Summary,
            Messages = [.. _history],
        };
        return JsonSerializer.Serialize(document, OllamaJsonContext.Default.ChatHistoryDocument);
    }

    /// <summary>
    /// Replaces the conversation with one saved by <see cref="SaveHistory"/>: the system prompt, the summary and the
    /// history. The model, settings and tools of this session stay.
    /// </summary>
    /// <param name="json">The saved JSON.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ArgumentException">The text is not a saved conversation (the message says what is wrong); nothing changed.</exception>
    /// <exception cref="InvalidOperationException">A send is in progress.</exception>
    public void RestoreHistory(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        EnsureIdle(nameof(RestoreHistory));
        ChatHistoryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, OllamaJsonContext.Default.ChatHistoryDocument);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The text is not a saved ChatSession history: {ex.Message}", nameof(json), ex);
        }

        if (document is null || document.Version != ChatHistoryDocument.CurrentVersion)
        {
            throw new ArgumentException(
                $"The text is not a saved ChatSession history of version {ChatHistoryDocument.CurrentVersion} (its \"version\" is {document?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}).",
                nameof(json));
        }

        var messages = document.Messages ?? [];
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is null || string.IsNullOrEmpty(messages[i].Role.Value))
            {
                throw new ArgumentException($"Message {i} of the saved history is null or has no role.", nameof(json));
            }
        }

        SystemPrompt = document.System;
        Summary = document.Summary;
        _history.Clear();
        _history.AddRange(messages);
        ResetObservations();
    }

    /// <summary>The prompt changed wholesale: the next reply's count starts the calibration again.</summary>
    private void ResetObservations()
    {
        _calibration = null;
        LastPromptTruncation = null;
    }
}
