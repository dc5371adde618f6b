using System.Text;
using System.Text.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.Interop.Tests;

/// <summary>Reads what the server puts on the wire with a plain HttpClient: the reference the clients are compared to.</summary>
internal static class RawWire
{
    public static async Task<List<JsonElement>> PostNdjsonAsync(OllamaTestServer server, string path, string json)
    {
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json")).WaitAsync(Script.Bound);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Script.Bound);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>The layer digests a pull of <see cref="Script.Pullable"/> reports (read from a separate server).</summary>
    public static async Task<List<string>> PullDigestsAsync()
    {
        await using var server = await Script.StartAsync();
        var lines = await PostNdjsonAsync(server, "/api/pull", $$"""{"model":"{{Script.Pullable}}"}""");
        return [.. lines.Where(l => l.TryGetProperty("digest", out _)).Select(l => l.GetProperty("digest").GetString()!).Distinct()];
    }
}
