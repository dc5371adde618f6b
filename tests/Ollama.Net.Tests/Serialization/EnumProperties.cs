using System.Text.Json;
using CsCheck;
using Ollama.Net.Serialization;

namespace Ollama.Net.Tests.Serialization;

/// <summary>
/// The extensible enums (open string sets) keep any value the server sends: it survives a JSON round trip unchanged,
/// known values compare equal to their constants, and JSON of the wrong shape is a <see cref="JsonException"/>, never
/// another exception.
/// </summary>
public class EnumProperties
{
    private static readonly Gen<string> Name =
        Gen.Frequency<string>(
            (2, Gen.OneOf("stop", "length", "load", "unload", "user", "assistant", "system", "tool", "tools", "vision", "low", "high", "max", "string", "null")),
            (3, Gen.String[1, 20]))
        .Where(s => !string.IsNullOrWhiteSpace(s));

    /// <summary>Any JSON value, of any shape, including blank strings and nesting.</summary>
    private static readonly Gen<string> AnyJson =
        Gen.OneOf(
            Gen.Const("null"), Gen.Const("true"), Gen.Const("false"), Gen.Const("\"\""), Gen.Const("\"  \""), Gen.Const("[]"),
            Gen.Const("{}"), Gen.Const("[\"a\",1]"), Gen.Const("[\"\"]"), Gen.Const("{\"a\":\"b\"}"), Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Double.Select(d => JsonSerializer.Serialize(d)), Gen.String.Select(s => JsonSerializer.Serialize(s)),
            Gen.String.Array[0, 3].Select(a => JsonSerializer.Serialize(a)));

    private static T RoundTrip<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        => JsonSerializer.Deserialize(JsonSerializer.Serialize(value, typeInfo), typeInfo)!;

    [Fact]
    public void String_enums_round_trip_any_value_exactly()
        => Name.Sample(name =>
        {
            var context = OllamaJsonContext.Default;
            Assert.Equal(name, RoundTrip(new MessageRole(name), context.MessageRole).Value);
            Assert.Equal(name, RoundTrip(new DoneReason(name), context.DoneReason).Value);
            Assert.Equal(name, RoundTrip(new ModelCapability(name), context.ModelCapability).Value);
            Assert.Equal([name], RoundTrip(new ToolPropertyType(name), context.ToolPropertyType).Names);
            Assert.Equal(new ToolPropertyType([name, "null"]), RoundTrip(new ToolPropertyType([name, "null"]), context.ToolPropertyType));
            var think = ThinkValue.FromLevel(name);
            Assert.Equal(think, RoundTrip(think, context.ThinkValue));
        }, iter: 1000);

    [Fact]
    public void Known_values_read_back_as_their_constants_whatever_the_case()
        => Gen.OneOf("stop", "STOP", "Stop", "length", "Length").Sample(name =>
        {
            var reason = JsonSerializer.Deserialize(JsonSerializer.Serialize(name), OllamaJsonContext.Default.DoneReason);
            Assert.True(reason == DoneReason.Stop || reason == DoneReason.Length);
            Assert.Equal(reason.GetHashCode(), (reason == DoneReason.Stop ? DoneReason.Stop : DoneReason.Length).GetHashCode());
        }, iter: 50);

    [Fact]
    public void Think_values_round_trip_booleans_and_levels()
    {
        Assert.Equal(ThinkValue.Enabled, RoundTrip(ThinkValue.Enabled, OllamaJsonContext.Default.ThinkValue));
        Assert.Equal(ThinkValue.Disabled, RoundTrip(ThinkValue.Disabled, OllamaJsonContext.Default.ThinkValue));
        Assert.Equal(ThinkValue.High, RoundTrip(ThinkValue.FromLevel("HIGH"), OllamaJsonContext.Default.ThinkValue));
    }

    [Fact]
    public void Json_of_any_shape_reads_as_a_value_or_throws_JsonException()
        => AnyJson.Sample(json =>
        {
            var context = OllamaJsonContext.Default;
            ReadsOrJsonException(json, context.MessageRole);
            ReadsOrJsonException(json, context.DoneReason);
            ReadsOrJsonException(json, context.ModelCapability);
            ReadsOrJsonException(json, context.ToolPropertyType);
            ReadsOrJsonException(json, context.ThinkValue);
        }, iter: 1000);

    private static void ReadsOrJsonException<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        try
        {
            JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException)
        {
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"Reading {json} as {typeof(T).Name} threw {ex.GetType().Name} instead of JsonException.", ex);
        }
    }
}
