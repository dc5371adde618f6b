using System.Text.Json;
using Ollama.Net.Serialization;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Tools;

public class ToolTests
{
    [Fact]
    public void FromType_builds_an_object_schema_from_source_generated_metadata()
    {
        var tool = Tool.FromType("get_weather", "Weather forecast", TestJsonContext.Default.WeatherArgs);
        Assert.Equal("function", tool.Type);
        Assert.Equal("get_weather", tool.Function.Name);
        Assert.Equal("Weather forecast", tool.Function.Description);
        var parameters = tool.Function.Parameters;
        Assert.Equal("object", parameters.Type);
        Assert.Equal(["city", "unit", "days"], parameters.Properties!.Keys);
        Assert.Equal("City name", parameters.Properties["city"].Description);
        Assert.Equal(new ToolPropertyType("string"), parameters.Properties["city"].Type);
        Assert.Equal(["string", "null"], parameters.Properties["unit"].Type!.Value.Names);
        Assert.True(parameters.Properties["unit"].Type!.Value.IsArray);
        Assert.Equal("integer", parameters.Properties["days"].Type.ToString());

        var json = JsonSerializer.Serialize(tool, OllamaJsonContext.Default.Tool);
        JsonAssert.Equal("""
            {"type":"function","function":{"name":"get_weather","description":"Weather forecast","parameters":{"type":"object",
             "properties":{"city":{"type":"string","description":"City name"},"unit":{"type":["string","null"]},"days":{"type":"integer"}}}}}
            """, json);
    }

    [Fact]
    public void FromSchema_keeps_property_order_nesting_and_requirements()
    {
        var schema = JsonElement.Parse("""
            {"type":"object","required":["z","a"],"$defs":{"x":{"type":"string"}},
             "properties":{
               "z":{"type":"string","enum":["c","f"]},
               "a":{"type":"array","items":{"type":"number"}},
               "m":{"type":"object","properties":{"inner":{"type":"boolean"}},"required":["inner"]},
               "u":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}
            """);
        var tool = Tool.FromSchema("f", null, schema);
        var p = tool.Function.Parameters;
        Assert.Equal(["z", "a", "m", "u"], p.Properties!.Keys);
        Assert.Equal(["z", "a"], p.Required!);
        Assert.Equal("string", p.Defs!.Value.GetProperty("x").GetProperty("type").GetString());
        Assert.Equal(["c", "f"], p.Properties["z"].Enum!.Select(e => e.GetString()));
        Assert.Equal("number", p.Properties["a"].Items!.Value.GetProperty("type").GetString());
        Assert.Equal(["inner"], p.Properties["m"].Required!);
        Assert.Equal(new ToolPropertyType("boolean"), p.Properties["m"].Properties!["inner"].Type);
        Assert.Equal(2, p.Properties["u"].AnyOf!.Count);

        var json = JsonSerializer.Serialize(tool, OllamaJsonContext.Default.Tool);
        Assert.DoesNotContain("\"description\"", json, StringComparison.Ordinal);
        var properties = JsonDocument.Parse(json).RootElement.GetProperty("function").GetProperty("parameters").GetProperty("properties");
        Assert.Equal(["z", "a", "m", "u"], properties.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public void FromSchema_rejects_bad_input()
    {
        Assert.Throws<ArgumentException>(() => Tool.FromSchema("", "d", JsonElement.Parse("{}")));
        Assert.Throws<ArgumentException>(() => Tool.FromSchema("f", "d", JsonElement.Parse("[]")));
        var ex = Assert.Throws<ArgumentException>(() => Tool.FromSchema("f", "d", JsonElement.Parse("""{"type":"string"}""")));
        Assert.Contains("object", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Tool.FromSchema("f", "d", JsonElement.Parse("""{"type":"object","properties":[]}""")));
        Assert.Throws<ArgumentException>(() => Tool.FromType("f", "d", TestJsonContext.Default.Int32));
    }

    [Fact]
    public void FromSchema_without_a_type_defaults_to_object()
    {
        var tool = Tool.FromSchema("f", "d", JsonElement.Parse("""{"properties":{"a":{"type":"string"}}}"""));
        Assert.Equal("object", tool.Function.Parameters.Type);
    }

    [Fact]
    public void ToolPropertyType_round_trips_string_and_array_forms()
    {
        Assert.Equal("\"string\"", JsonSerializer.Serialize(new ToolPropertyType("string"), OllamaJsonContext.Default.ToolPropertyType));
        Assert.Equal("[\"string\"]", JsonSerializer.Serialize(new ToolPropertyType(["string"]), OllamaJsonContext.Default.ToolPropertyType));
        var union = JsonSerializer.Deserialize("[\"string\",\"null\"]", OllamaJsonContext.Default.ToolPropertyType);
        Assert.Equal("[\"string\",\"null\"]", JsonSerializer.Serialize(union, OllamaJsonContext.Default.ToolPropertyType));
        Assert.Equal("string|null", union.ToString());
        ToolPropertyType fromArray = new[] { "integer", "null" };
        Assert.Equal(union.Names.Count, fromArray.Names.Count);
        Assert.NotEqual(new ToolPropertyType("string"), new ToolPropertyType(["string"]));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("1", OllamaJsonContext.Default.ToolPropertyType));
    }

    [Fact]
    public void Tool_calls_deserialize_arguments_into_a_type()
    {
        var call = JsonSerializer.Deserialize("""{"id":"call_9","function":{"index":2,"name":"get_weather","arguments":{"city":"Paris","unit":"c","days":3}}}""", OllamaJsonContext.Default.ToolCall)!;
        var args = call.GetArguments(TestJsonContext.Default.WeatherArgs);
        Assert.Equal("Paris", args.City);
        Assert.Equal("c", args.Unit);
        Assert.Equal(3, args.Days);
        Assert.Equal(2, call.Function.Index);
        Assert.Equal("get_weather({\"city\":\"Paris\",\"unit\":\"c\",\"days\":3})", call.ToString());
        Assert.Throws<ArgumentNullException>(() => call.GetArguments<WeatherArgs>(null!));
    }

    [Fact]
    public void A_tool_call_always_writes_index_and_arguments()
    {
        var json = JsonSerializer.Serialize(new ToolCall { Function = new ToolCallFunction { Name = "f" } }, OllamaJsonContext.Default.ToolCall);
        JsonAssert.Equal("""{"function":{"index":0,"name":"f","arguments":{}}}""", json);
        Assert.Equal(0, new ToolCall().GetArguments(TestJsonContext.Default.WeatherArgs).Days);
    }

    [Fact]
    public void Mismatched_arguments_throw_JsonException()
    {
        var call = new ToolCall { Function = new ToolCallFunction { Name = "f", Arguments = JsonElement.Parse("""{"days":"many"}""") } };
        Assert.Throws<JsonException>(() => call.GetArguments(TestJsonContext.Default.WeatherArgs));
    }
}

public class MessageTests
{
    [Fact]
    public void Factories_set_role_and_fields()
    {
        Assert.Equal(MessageRole.System, Message.System("s").Role);
        Assert.Equal(MessageRole.Assistant, Message.Assistant("a").Role);
        var user = Message.User("u");
        Assert.Equal(MessageRole.User, user.Role);
        Assert.Null(user.Images);
        var withImage = Message.User("look", ImageData.FromBytes(new byte[] { 1 }));
        Assert.Single(withImage.Images!);
        var tool = Message.Tool("42", "calc", "call_1");
        Assert.Equal(MessageRole.Tool, tool.Role);
        Assert.Equal("calc", tool.ToolName);
        Assert.Equal("call_1", tool.ToolCallId);
        Assert.Equal("user: u", user.ToString());
    }

    [Fact]
    public void Content_is_always_written_even_when_empty()
    {
        Assert.Equal("""{"role":"assistant","content":""}""", JsonSerializer.Serialize(Message.Assistant(""), OllamaJsonContext.Default.Message));
        Assert.Equal("""{"role":"user","content":""}""", JsonSerializer.Serialize(new Message(MessageRole.User, null!), OllamaJsonContext.Default.Message));
    }

    [Fact]
    public void Every_message_field_round_trips()
    {
        const string json = """{"role":"assistant","content":"c","thinking":"t","images":["AQ=="],"tool_calls":[{"id":"x","function":{"index":0,"name":"f","arguments":{"a":1}}}],"tool_name":"n","tool_call_id":"i"}""";
        var message = JsonSerializer.Deserialize(json, OllamaJsonContext.Default.Message)!;
        Assert.Equal("t", message.Thinking);
        Assert.Equal(new byte[] { 1 }, message.Images![0].Bytes.ToArray());
        JsonAssert.Equal(json, JsonSerializer.Serialize(message, OllamaJsonContext.Default.Message));
    }

    [Fact]
    public void Role_is_read_case_insensitively()
    {
        var message = JsonSerializer.Deserialize("""{"role":"ASSISTANT","content":"x"}""", OllamaJsonContext.Default.Message)!;
        Assert.Equal(MessageRole.Assistant, message.Role);
    }
}
