using System.Text.Json;
using Ollama.Net.Serialization;

namespace Ollama.Net.Tests.Serialization;

public class ScratchTests
{
    [Fact]
    public void Scratch()
    {
        var json = """{"type":"object","properties":{"z":{"type":["string","null"]},"a":{"type":"integer"}},"required":["z"]}""";
        var p = JsonSerializer.Deserialize(json, OllamaJsonContext.Default.ToolFunctionParameters)!;
        var back = JsonSerializer.Serialize(p, OllamaJsonContext.Default.ToolFunctionParameters);
        Console.WriteLine(back);
        var upd = JsonSerializer.Deserialize("""{"model":"m","created_at":"2025-01-01T00:00:00.123456789Z","message":{"role":"assistant","content":"x"},"done":true,"done_reason":"stop","total_duration":1234567890,"eval_count":10,"eval_duration":1000000000,"extra":1}""", OllamaJsonContext.Default.ChatUpdate)!;
        Console.WriteLine($"{upd.TotalDuration} {upd.TokensPerSecond} {upd.DoneReason} {upd.CreatedAt:O}");
        Console.WriteLine(JsonSerializer.Serialize(upd, OllamaJsonContext.Default.ChatUpdate));
        var o = new ModelOptions { Temperature = 0.7f, Stop = ["a"], AdditionalOptions = new Dictionary<string, JsonElement> { ["numa"] = JsonElement.Parse("true") } };
        Console.WriteLine(JsonSerializer.Serialize(o, OllamaJsonContext.Default.ModelOptions));
        var t = Tool.FromType("f", "d", OllamaJsonContext.Default.DebugInfo);
        Console.WriteLine(JsonSerializer.Serialize(t, OllamaJsonContext.Default.Tool));
        Console.WriteLine(JsonSerializer.Serialize(new ChatRequest("m", Message.User("hi")) { Think = true, KeepAlive = TimeSpan.FromMinutes(5), Format = OutputFormat.Json }, OllamaJsonContext.Default.ChatRequest));
        var e = JsonSerializer.Deserialize("""{"model":"m","embeddings":[[1,2,3],[4,5,6]]}""", OllamaJsonContext.Default.EmbedResult)!;
        Console.WriteLine($"{e.Dimensions} {e.Embeddings.Count} {string.Join(",", e.Buffer.ToArray())}");
    }
}
