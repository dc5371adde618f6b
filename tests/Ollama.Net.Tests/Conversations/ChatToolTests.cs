using System.Text.Json;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Conversations;

public class ChatToolTests
{
    [Fact]
    public void Create_builds_the_same_definition_as_Tool_FromType()
    {
        var tool = ChatTool.Create("weather", "Gets the weather.", TestJsonContext.Default.WeatherArgs, args => args.City);
        var expected = Tool.FromType("weather", "Gets the weather.", TestJsonContext.Default.WeatherArgs);

        Assert.Equal("weather", tool.Name);
        Assert.Equal("weather", tool.ToString());
        Assert.Equal(
            JsonSerializer.Serialize(expected, global::Ollama.Net.Serialization.OllamaJsonContext.Default.Tool),
            JsonSerializer.Serialize(tool.Definition, global::Ollama.Net.Serialization.OllamaJsonContext.Default.Tool));
    }

    [Fact]
    public void Create_rejects_missing_parts_naming_them()
    {
        Assert.Throws<ArgumentNullException>("function", () => ChatTool.Create("weather", null, TestJsonContext.Default.WeatherArgs, (Func<WeatherArgs, string>)null!));
        Assert.Throws<ArgumentNullException>("function", () => ChatTool.Create("weather", null, TestJsonContext.Default.WeatherArgs, (Func<WeatherArgs, CancellationToken, ValueTask<string>>)null!));
        Assert.Throws<ArgumentNullException>("argumentsTypeInfo", () => ChatTool.Create<WeatherArgs>("weather", null, null!, _ => ""));
        Assert.Throws<ArgumentException>("name", () => ChatTool.Create("", null, TestJsonContext.Default.WeatherArgs, _ => ""));
        Assert.Throws<ArgumentException>("parametersSchema", () => ChatTool.Create("count", null, TestJsonContext.Default.Int32, _ => ""));
        Assert.Throws<ArgumentNullException>("definition", () => ChatTool.Create(null!, (_, _) => ValueTask.FromResult("")));
        Assert.Throws<ArgumentException>("definition", () => ChatTool.Create(new Tool(), (_, _) => ValueTask.FromResult("")));
    }

    [Fact]
    public async Task A_tool_from_a_definition_gets_the_raw_call()
    {
        var definition = Tool.FromSchema("echo", null, JsonElement.Parse("""{"type":"object","properties":{"text":{"type":"string"}}}"""));
        var tool = ChatTool.Create(definition, (call, _) => ValueTask.FromResult(call.Function.Arguments.GetProperty("text").GetString()!));
        var call = new ToolCall { Function = new ToolCallFunction { Name = "echo", Arguments = JsonElement.Parse("""{"text":"hi"}""") } };

        Assert.Equal("hi", await tool.Bind(call)(CancellationToken.None));
    }

    [Fact]
    public void Arguments_are_parsed_when_the_call_is_bound_before_the_tool_runs()
    {
        var ran = false;
        var tool = ChatTool.Create("weather", null, TestJsonContext.Default.WeatherArgs, _ =>
        {
            ran = true;
            return "";
        });
        var call = new ToolCall { Function = new ToolCallFunction { Name = "weather", Arguments = JsonElement.Parse("""{"city":7}""") } };

        Assert.ThrowsAny<JsonException>(() => tool.Bind(call));
        Assert.False(ran);
    }
}
