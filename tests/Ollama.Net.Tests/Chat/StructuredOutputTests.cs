using System.Text.Json;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Chat;

public class StructuredOutputTests
{
    private static string ChatReply(string content, string doneReason = "stop")
        => JsonSerializer.Serialize(new { model = "m", created_at = "2025-01-01T00:00:00Z", message = new { role = "assistant", content }, done = true, done_reason = doneReason });

    [Fact]
    public async Task ChatAsync_of_T_sends_the_schema_of_T_and_parses_the_answer()
    {
        var handler = new FakeHttpHandler().EnqueueJson(ChatReply("""{"name":"Ada","age":36,"hobbies":["math","poetry"]}"""));
        using var client = TestClient.Create(handler);
        var request = new ChatRequest("m", Message.User("Describe Ada Lovelace as JSON."));

        var result = await client.ChatAsync(request, ApiTestJsonContext.Default.Person);

        Assert.Equal(new Person("Ada", 36, ["math", "poetry"]).Name, result.Value.Name);
        Assert.Equal(36, result.Value.Age);
        Assert.Equal(["math", "poetry"], result.Value.Hobbies);
        Assert.Equal("""{"name":"Ada","age":36,"hobbies":["math","poetry"]}""", result.Raw.Message.Content);
        Assert.Equal(DoneReason.Stop, result.Raw.DoneReason);

        using var body = JsonDocument.Parse(handler.LastRequest.Body!);
        var format = body.RootElement.GetProperty("format");
        Assert.Equal(JsonValueKind.Object, format.ValueKind);
        Assert.Equal("object", format.GetProperty("type").GetString());
        Assert.Equal(["name", "age", "hobbies"], format.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal("integer", format.GetProperty("properties").GetProperty("age").GetProperty("type").GetString());
        Assert.False(body.RootElement.GetProperty("stream").GetBoolean());
        Assert.Null(request.Format); // the caller's request is not changed
    }

    [Fact]
    public async Task ChatAsync_of_T_keeps_a_format_the_caller_set()
    {
        var handler = new FakeHttpHandler().EnqueueJson(ChatReply("""{"name":"Bo","age":1,"hobbies":[]}"""));
        using var client = TestClient.Create(handler);

        await client.ChatAsync(new ChatRequest("m", Message.User("x")) { Format = OutputFormat.Json }, ApiTestJsonContext.Default.Person);

        Assert.Contains("\"format\":\"json\"", handler.LastRequest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_of_T_sends_the_schema_and_parses_the_response()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"{\"city\":\"Paris\",\"unit\":\"celsius\"}","done":true,"done_reason":"stop"}""");
        using var client = TestClient.Create(handler);

        var result = await client.GenerateAsync(new GenerateRequest("m", "Where?"), ApiTestJsonContext.Default.WeatherQuery);

        Assert.Equal("Paris", result.Value.City);
        Assert.Equal("celsius", result.Value.Unit);
        Assert.Equal("http://127.0.0.1:11434/api/generate", handler.LastRequest.Uri.AbsoluteUri);
        using var body = JsonDocument.Parse(handler.LastRequest.Body!);
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("format").ValueKind);
    }

    [Fact]
    public void GetContentAs_tolerates_a_code_fence_and_white_space()
    {
        var result = new ChatResult { Message = Message.Assistant("\n```json\n{\"city\":\"Oslo\"}\n```\n") };
        Assert.Equal("Oslo", result.GetContentAs(ApiTestJsonContext.Default.WeatherQuery).City);
        var bare = new GenerateResult { Response = "  {\"city\":\"Rome\"}  " };
        Assert.Equal("Rome", bare.GetResponseAs(ApiTestJsonContext.Default.WeatherQuery).City);
    }

    [Fact]
    public void GetContentAs_explains_an_answer_that_is_not_json()
    {
        var result = new ChatResult { Message = Message.Assistant("Sure! The city is Paris.") };
        var ex = Assert.ThrowsAny<JsonException>(() => result.GetContentAs(ApiTestJsonContext.Default.WeatherQuery));
        Assert.Contains("WeatherQuery", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Sure! The city is Paris.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetContentAs_says_when_the_answer_was_cut_off()
    {
        var result = new ChatResult { Message = Message.Assistant("""{"city":"Par"""), DoneReason = DoneReason.Length };
        var ex = Assert.ThrowsAny<JsonException>(() => result.GetContentAs(ApiTestJsonContext.Default.WeatherQuery));
        Assert.Contains("num_predict", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetContentAs_rejects_json_null()
    {
        var result = new ChatResult { Message = Message.Assistant("null") };
        Assert.ThrowsAny<JsonException>(() => result.GetContentAs(ApiTestJsonContext.Default.WeatherQuery));
    }

    [Fact]
    public void Typed_calls_validate_before_sending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        Eager.Throws<ArgumentNullException>("typeInfo", () => client.ChatAsync(new ChatRequest("m"), (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Person>)null!));
        Eager.Throws<ArgumentException>("request", () => client.ChatAsync(new ChatRequest(), ApiTestJsonContext.Default.Person));
        Eager.Throws<ArgumentNullException>("request", () => client.GenerateAsync(null!, ApiTestJsonContext.Default.Person));
        Assert.Empty(handler.Requests);
    }
}
