using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

/// <summary>Raw HTTP helpers: these tests talk to the server with a plain HttpClient and raw JSON.</summary>
internal static class Wire
{
    /// <summary>A safety net so a broken test cannot hang the run; tests never assert on time.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A client for the server. Disposing a half-read response makes SocketsHttpHandler drain it for up to 2 s to reuse
    /// the connection; with a hanging server that only delays the close, so these tests turn draining off.
    /// </summary>
    public static HttpClient Client(OllamaTestServer server) =>
        new(new SocketsHttpHandler { ResponseDrainTimeout = TimeSpan.Zero, MaxResponseDrainSize = 0 })
        {
            BaseAddress = server.Endpoint,
            Timeout = Bound,
        };

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<Reply> SendAsync(HttpClient http, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = Json(json);
        }

        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new Reply((int)response.StatusCode, response.Content.Headers.ContentType, bytes, response.Headers, response.Content.Headers);
    }

    public static Task<Reply> PostAsync(HttpClient http, string path, string? json) => SendAsync(http, HttpMethod.Post, path, json);

    public static Task<Reply> GetAsync(HttpClient http, string path) => SendAsync(http, HttpMethod.Get, path);

    public static async Task<OllamaTestServer> StartAsync(params TestModel[] models)
    {
        var options = new OllamaTestServerOptions();
        foreach (var m in models)
        {
            options.Models.Add(m);
        }

        return await OllamaTestServer.StartAsync(options);
    }

    public static TestModel Chat(string name = "m") => new(name)
    {
        Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools,
    };

    public static TestModel Thinker(string name = "thinker") => new(name)
    {
        Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Thinking,
    };

    public static TestModel Embedder(string name = "embedder", int dims = 384) => new(name)
    {
        Capabilities = TestModelCapabilities.Embedding,
        EmbeddingLength = dims,
        ContextLength = 512,
    };

    public sealed record Reply(
        int Status, MediaTypeHeaderValue? ContentType, byte[] Bytes, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);

        public JsonElement Json
        {
            get
            {
                using var doc = JsonDocument.Parse(Bytes);
                return doc.RootElement.Clone();
            }
        }

        public string Error => Json.GetProperty("error").GetString()!;

        /// <summary>The NDJSON lines (each must end with "\n").</summary>
        public List<JsonElement> Lines
        {
            get
            {
                var text = Text;
                Assert.EndsWith("\n", text);
                return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
                {
                    using var doc = JsonDocument.Parse(l);
                    return doc.RootElement.Clone();
                })];
            }
        }
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static bool Has(this JsonElement e, string name) => e.TryGetProperty(name, out _);
}
