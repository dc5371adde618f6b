using System.Text.Json.Nodes;

namespace Ollama.Net.Extensions.AI.Tests.Infrastructure;

public static class JsonAssert
{
    /// <summary>Compares two JSON texts structurally (key order and white space ignored).</summary>
    public static void Equal(string expected, string? actual)
    {
        Assert.NotNull(actual);
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual!);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"JSON differs.\nExpected: {expectedNode?.ToJsonString()}\nActual:   {actualNode?.ToJsonString()}");
    }
}
