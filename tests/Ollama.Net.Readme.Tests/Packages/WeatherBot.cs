using System.Text;

namespace Ollama.Net.Readme.Tests.Packages;

/// <summary>
/// The "code under test" of the Testing package README's xunit example: a bot that streams a chat with a weather tool,
/// runs the tool calls and streams the answer.
/// </summary>
public sealed class WeatherBot(Uri endpoint)
{
    private static readonly Tool GetWeather = Tool.FromSchema(
        "get_weather", "Gets the weather of a city.",
        System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement);

    public async Task<string> AskAsync(string question)
    {
        using var client = new OllamaClient(endpoint);
        var history = new List<Message> { Message.User(question) };
        while (true)
        {
            var text = new StringBuilder();
            var calls = new List<ToolCall>();
            await foreach (var update in client.ChatStreamingAsync(new ChatRequest("qwen2.5:0.5b", history) { Tools = [GetWeather] }))
            {
                text.Append(update.Message.Content);
                calls.AddRange(update.Message.ToolCalls ?? []);
            }

            if (calls.Count == 0)
            {
                return text.ToString();
            }

            history.Add(new Message(MessageRole.Assistant, text.ToString()) { ToolCalls = calls });
            foreach (var call in calls)
            {
                history.Add(Message.Tool("22 °C, sunny", call.Function.Name, call.Id));
            }
        }
    }
}
