using System.Text.Json;
using Ollama.Net.Prompts;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Prompts;

public class ReaskTests
{
    private static readonly IntegerConstraint Score = FormatConstraint.Integer(1, 10);

    private static string ChatJson(string content)
        => $$"""{"model":"qwen3","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"{{JsonEncodedText.Encode(content)}}"},"done":true,"done_reason":"stop"}""";

    /// <summary>A chat function that answers from a script and records every request it got.</summary>
    private sealed class ScriptedChat(params string[] replies)
    {
        private int _next;

        public List<ChatRequest> Requests { get; } = [];

        public Task<string> SendAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Requests.Add(request);
            return Task.FromResult(replies[_next++]);
        }
    }

    private static Prompt ScorePrompt(PromptLanguage language = PromptLanguage.English)
        => new PromptBuilder(language).WithTask(language == PromptLanguage.English ? "Rate Acme" : "给Acme打分").WithOutputFormat(Score).Build();

    [Fact]
    public async Task Reasks_until_the_reply_parses_and_reports_every_attempt()
    {
        var chat = new ScriptedChat("I'd say 8 or 9.", "11", "Score: 8/10");
        var result = await Reasker.AskAsync(chat.SendAsync, ScorePrompt(), "qwen3", Score);

        Assert.True(result.IsSuccess);
        Assert.Equal(8, result.Value);
        Assert.Equal(3, result.Attempts.Count);
        Assert.Equal([1, 2, 3], result.Attempts.Select(a => a.Number));
        Assert.Equal(["I'd say 8 or 9.", "11", "Score: 8/10"], result.Attempts.Select(a => a.RawText));
        Assert.Equal(
            ["The reply contains several numbers (8, 9); expected exactly one.", "11 is outside the allowed range (1 to 10).", null],
            result.Attempts.Select(a => a.Error));
        Assert.Equal([ParseErrorKind.Ambiguous, ParseErrorKind.OutOfRange, ParseErrorKind.None], result.Attempts.Select(a => a.ErrorKind));
        Assert.Equal([false, false, true], result.Attempts.Select(a => a.IsSuccess));

        Assert.Equal(3, chat.Requests.Count);
        var third = chat.Requests[2];
        Assert.Equal("qwen3", third.Model);
        Assert.False(third.Stream);
        Assert.Equal([MessageRole.User, MessageRole.Assistant, MessageRole.User, MessageRole.Assistant, MessageRole.User], third.Messages.Select(m => m.Role));
        Assert.Equal(
            [
                "Task: Rate Acme.\n\nAnswer with a whole number from 1 to 10 and nothing else.",
                "I'd say 8 or 9.",
                "Your previous answer could not be used: The reply contains several numbers (8, 9); expected exactly one.\nAnswer again. Answer with a whole number from 1 to 10 and nothing else.",
                "11",
                "Your previous answer could not be used: 11 is outside the allowed range (1 to 10).\nAnswer again. Answer with a whole number from 1 to 10 and nothing else.",
            ],
            third.Messages.Select(m => m.Content));
        Assert.Single(chat.Requests[0].Messages);
        Assert.Equal(3, chat.Requests[1].Messages.Count);

        Assert.Equal(6, result.Conversation.Count);
        Assert.Equal("Score: 8/10", result.Conversation[^1].Content);
        Assert.Equal(MessageRole.Assistant, result.Conversation[^1].Role);
        Assert.Equal("#3: ok \"Score: 8/10\"", result.Attempts[2].ToString());
    }

    [Fact]
    public async Task Chinese_prompt_gets_chinese_corrections()
    {
        var chat = new ScriptedChat("八或九分", "评分：９");
        var result = await Reasker.AskAsync(chat.SendAsync, ScorePrompt(PromptLanguage.Chinese), "qwen3", Score);
        Assert.Equal(9, result.Value);
        Assert.Equal(
            "你上一次的回答无法使用：回答中没有数字：“八或九分”。\n请重新回答。只回答1到10之间的一个整数，不要输出其他内容。",
            chat.Requests[1].Messages[^1].Content);
        Assert.Equal("The reply contains no number: \"八或九分\".", result.Attempts[0].Error);
    }

    [Fact]
    public async Task Gives_up_after_max_attempts_without_a_silent_default()
    {
        var chat = new ScriptedChat("I cannot rate that.", "Somewhere between 7 and 8.", "never asked");
        var result = await Reasker.AskAsync(chat.SendAsync, ScorePrompt(), "qwen3", Score, new ReaskOptions { MaxAttempts = 2 });

        Assert.False(result.IsSuccess);
        Assert.Equal(2, chat.Requests.Count);
        Assert.Equal(2, result.Attempts.Count);
        Assert.Equal(ParseErrorKind.Ambiguous, result.LastResult.ErrorKind);
        Assert.Equal("Somewhere between 7 and 8.", result.LastResult.RawText);
        Assert.False(result.TryGetValue(out var value));
        Assert.Equal(0, value);
        var e = Assert.Throws<InvalidOperationException>(() => result.Value);
        Assert.Equal(
            "The model gave no usable answer in 2 attempts: #1: The reply contains no number: \"I cannot rate that.\". \"I cannot rate that.\"; "
            + "#2: The reply contains several numbers (7, 8); expected exactly one. \"Somewhere between 7 and 8.\". Check IsSuccess before reading Value.",
            e.Message);

        // The conversation ends with the last reply: no correction is written that is never sent.
        Assert.Equal(4, result.Conversation.Count);
        Assert.Equal("Somewhere between 7 and 8.", result.Conversation[^1].Content);
    }

    [Fact]
    public async Task First_good_reply_makes_one_request()
    {
        var chat = new ScriptedChat("7");
        var result = await Reasker.AskAsync(chat.SendAsync, ScorePrompt(), "qwen3", Score, new ReaskOptions { MaxAttempts = 5 });
        Assert.Equal(7, result.Value);
        Assert.Single(result.Attempts);
        Assert.Single(chat.Requests);
    }

    [Fact]
    public async Task Reasoning_prompts_get_the_final_answer_line_correction()
    {
        var prompt = new PromptBuilder().WithTask("Calculate 3666 × 5444").ThinkStepByStep().WithOutputFormat(FormatConstraint.Integer()).Build();
        var chat = new ScriptedChat("Let me see... 3666 times 5444 is a big number.", "3666 × 5000 = 18330000\n3666 × 444 = 1627704\nAnswer: 19957704");
        var result = await Reasker.AskAsync(chat.SendAsync, prompt, "qwen3", FormatConstraint.Integer());
        Assert.Equal(19957704, result.Value);
        Assert.Equal(
            "Your previous answer could not be used: The reply contains several numbers (3666, 5444); expected exactly one.\nAnswer again. After your reasoning, give the final answer on the last line in the form \"Answer: <value>\", where <value> is a whole number.",
            chat.Requests[1].Messages[^1].Content);
    }

    [Fact]
    public async Task Chat_request_overload_leaves_the_request_alone()
    {
        var request = new ChatRequest("qwen3", Message.System("Be brief."), Message.User("Sentiment of: great phone!"))
        {
            Options = new ModelOptions { Temperature = 0f },
        };
        var labels = FormatConstraint.OneOf("Positive", "Negative");
        var chat = new ScriptedChat("Mixed", "Positive.");
        var result = await Reasker.AskAsync(chat.SendAsync, request, labels, new ReaskOptions { Language = PromptLanguage.Chinese });

        Assert.Equal("Positive", result.Value);
        Assert.Equal(2, request.Messages.Count);
        Assert.Null(request.Stream);
        Assert.Same(request.Options, chat.Requests[1].Options);
        Assert.Equal(
            "你上一次的回答无法使用：“Mixed”不是以下标签之一：Positive、Negative。\n请重新回答。只回答以下标签中的一个，不要输出其他内容：Positive、Negative。",
            chat.Requests[1].Messages[^1].Content);
    }

    [Fact]
    public async Task Json_through_the_client_sends_the_schema_and_reasks()
    {
        var handler = new FakeHttpHandler()
            .EnqueueJson(ChatJson("Acme looks great, I'd give it an 8."))
            .EnqueueJson(ChatJson("Sure:\n```json\n{\"name\": \"Acme\", \"score\": 8}\n```"));
        using var client = TestClient.Create(handler);
        var json = FormatConstraint.Json(PromptTestJson.Default.CompanyScore);
        var prompt = new PromptBuilder().WithTask("Score Acme").WithOutputFormat(json).Build();

        var result = await client.AskAsync(prompt, "qwen3", json);

        Assert.Equal(new CompanyScore("Acme", 8), result.Value);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("http://127.0.0.1:11434/api/chat", r.Uri.AbsoluteUri));
        var correction = $"Your previous answer could not be used: The reply contains no JSON object: \"Acme looks great, I'd give it an 8.\".\nAnswer again. Reply with a single JSON value that matches this JSON Schema, and nothing else:\n{json.SchemaText}";
        var instruction = $"Task: Score Acme.\n\nReply with a single JSON value that matches this JSON Schema, and nothing else:\n{json.SchemaText}";
        JsonAssert.Equal(
            $$"""
            {"model":"qwen3","stream":false,"format":{{json.SchemaText}},
             "messages":[
               {"role":"user","content":{{JsonSerializer.Serialize(instruction, PromptTestJson.Default.String)}}},
               {"role":"assistant","content":"Acme looks great, I'd give it an 8."},
               {"role":"user","content":{{JsonSerializer.Serialize(correction, PromptTestJson.Default.String)}}}]}
            """,
            handler.Requests[1].Body);
        using var first = JsonDocument.Parse(handler.Requests[0].Body!);
        Assert.Equal(json.SchemaText, first.RootElement.GetProperty("format").GetRawText());
    }

    [Fact]
    public async Task Client_chat_request_overload()
    {
        var handler = new FakeHttpHandler().EnqueueJson(ChatJson("- Alibaba\n- Tencent"));
        using var client = TestClient.Create(handler);
        var result = await client.AskAsync(new ChatRequest("qwen3", Message.User("Name two companies.")), FormatConstraint.List(2, 2));
        Assert.Equal(["Alibaba", "Tencent"], result.Value);
        using var body = JsonDocument.Parse(handler.LastRequest.Body!);
        Assert.False(body.RootElement.TryGetProperty("format", out _));
    }

    [Fact]
    public async Task Use_request_format_false_sends_no_format()
    {
        var json = FormatConstraint.Json(PromptTestJson.Default.CompanyScore);
        var prompt = new PromptBuilder().WithTask("Score Acme").WithOutputFormat(json).Build();
        var chat = new ScriptedChat("{\"name\":\"Acme\",\"score\":3}");
        var result = await Reasker.AskAsync(chat.SendAsync, prompt, "m", json, new ReaskOptions { UseRequestFormat = false });
        Assert.Equal(3, result.Value.Score);
        Assert.Null(chat.Requests[0].Format);

        var withFormat = new ScriptedChat("{\"name\":\"Acme\",\"score\":3}");
        await Reasker.AskAsync(withFormat.SendAsync, new ChatRequest("m", Message.User("Score Acme")), json);
        Assert.Same(json.RequestFormat, withFormat.Requests[0].Format);
    }

    [Fact]
    public async Task Transport_errors_and_cancellation_propagate()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"model \"nope\" not found"}""", System.Net.HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler);
        await Assert.ThrowsAnyAsync<OllamaException>(() => client.AskAsync(ScorePrompt(), "nope", Score));
        Assert.Single(handler.Requests);

        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var chat = new ScriptedChat("8");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reasker.AskAsync(chat.SendAsync, ScorePrompt(), "m", Score, cancellationToken: cts.Token));
        Assert.Empty(chat.Requests);
    }

    [Fact]
    public async Task Arguments_are_checked()
    {
        var chat = new ScriptedChat("8");
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReaskOptions { MaxAttempts = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReaskOptions { MaxAttempts = 21 });
        await Assert.ThrowsAsync<ArgumentNullException>(() => Reasker.AskAsync(null!, ScorePrompt(), "m", Score));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Reasker.AskAsync(chat.SendAsync, ScorePrompt(), "m", (FormatConstraint<int>)null!));
        await Assert.ThrowsAsync<ArgumentException>(() => Reasker.AskAsync(chat.SendAsync, ScorePrompt(), " ", Score));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Reasker.AskAsync(chat.SendAsync, (Prompt)null!, "m", Score));
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => Reasker.AskAsync(chat.SendAsync, new ChatRequest("m"), Score));
        Assert.StartsWith("The chat request has no messages to ask.", empty.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>(() => ((OllamaClient)null!).AskAsync(ScorePrompt(), "m", Score));
        Assert.Empty(chat.Requests);
    }
}
