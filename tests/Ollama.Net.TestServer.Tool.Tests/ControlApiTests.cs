using System.Net;
using System.Text;
using System.Text.Json;
using Ollama.Net.TestServer.Tool.Scenarios;

namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>The <c>/_test/</c> control API of a tool server run in process, driven over HTTP.</summary>
public class ControlApiTests
{
    private const string Scenario = """
        {
          "preset": "empty",
          "models": [{ "name": "m", "capabilities": ["completion", "tools"] }, { "name": "other" }],
          "replies": [{ "model": "m", "content": "from the scenario" }],
          "faults": [{ "path": "/api/generate", "busy": true }]
        }
        """;

    internal static async Task<ToolServer> StartAsync(string scenario = Scenario, string? requestLog = null) =>
        await ToolServer.StartAsync(new ToolSettings
        {
            Port = 0,
            Scenario = ScenarioLoader.Parse(Encoding.UTF8.GetBytes(scenario), "s.json"),
            RequestLog = requestLog,
        });

    internal static HttpClient Client(ToolServer tool) => new() { BaseAddress = tool.Server.Endpoint, Timeout = ToolProcess.Bound };

    private static async Task<(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Response)> CallAsync(HttpClient http, HttpMethod method, string route, string? body = null)
    {
        using var request = new HttpRequestMessage(method, route);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, json, response);
    }

    private static async Task<JsonElement> ControlAsync(HttpClient http, HttpMethod method, string route, string? body = null)
    {
        var (status, json, _) = await CallAsync(http, method, route, body);
        Assert.True(status == HttpStatusCode.OK, $"{method} {route}: {(int)status} {json}");
        return json;
    }

    internal static async Task<(HttpStatusCode Status, string Text)> ChatAsync(HttpClient http, string model, string content = "hi")
    {
        using var response = await http.PostAsync("/api/chat", new StringContent(
            $$"""{"model":"{{model}}","stream":false,"messages":[{"role":"user","content":"{{content}}"}]}""", Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Content(string chat) => JsonDocument.Parse(chat).RootElement.GetProperty("message").GetProperty("content").GetString()!;

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];

    [Fact]
    public async Task State_shows_models_registry_loaded_models_pending_work_and_requests()
    {
        await using var tool = await StartAsync();
        using var http = Client(tool);
        await ChatAsync(http, "other");

        var state = await ControlAsync(http, HttpMethod.Get, "/_test/state");

        Assert.Equal(["m:latest", "other:latest"], Strings(state.GetProperty("models")));
        Assert.Empty(Strings(state.GetProperty("registry")));
        Assert.Equal(["other:latest"], Strings(state.GetProperty("loaded_models")));
        Assert.Equal(1, state.GetProperty("pending_replies").GetInt32());
        Assert.Equal(0, state.GetProperty("pending_faults").GetInt32());
        Assert.Equal(1, state.GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task Replies_are_queued_per_model_or_for_any_model_in_order_and_cleared()
    {
        await using var tool = await StartAsync();
        using var http = Client(tool);

        var state = await ControlAsync(http, HttpMethod.Post, "/_test/replies", """[{"model": "m", "content": "second"}, {"content": "for anyone"}]""");
        await ControlAsync(http, HttpMethod.Post, "/_test/replies", """{"model": "other", "content": "for other"}""");

        Assert.Equal(3, state.GetProperty("pending_replies").GetInt32());
        Assert.Equal("from the scenario", Content((await ChatAsync(http, "m")).Text));
        Assert.Equal("second", Content((await ChatAsync(http, "m")).Text));
        Assert.Equal("for other", Content((await ChatAsync(http, "other")).Text));
        Assert.Equal("for anyone", Content((await ChatAsync(http, "m")).Text));
        Assert.Equal("echo me", Content((await ChatAsync(http, "m", "echo me")).Text));

        await ControlAsync(http, HttpMethod.Post, "/_test/replies", """{"content": "dropped"}""");
        var cleared = await ControlAsync(http, HttpMethod.Delete, "/_test/replies");
        Assert.Equal(0, cleared.GetProperty("pending_replies").GetInt32());
        Assert.Equal("echo again", Content((await ChatAsync(http, "m", "echo again")).Text));
    }

    [Fact]
    public async Task A_scripted_tool_call_reaches_the_client()
    {
        await using var tool = await StartAsync();
        using var http = Client(tool);
        await ControlAsync(http, HttpMethod.Delete, "/_test/replies");
        await ControlAsync(http, HttpMethod.Post, "/_test/replies", """{"model": "m", "tool_calls": [{"name": "get_weather", "arguments": {"city": "Tokyo"}, "id": "call_1"}]}""");

        using var response = await http.PostAsync("/api/chat", new StringContent(
            """{"model":"m","stream":false,"tools":[{"type":"function","function":{"name":"get_weather"}}],"messages":[{"role":"user","content":"weather?"}]}"""));
        var call = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetProperty("tool_calls")[0];

        Assert.Equal("call_1", call.GetProperty("id").GetString());
        Assert.Equal("get_weather", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("""{"city":"Tokyo"}""", call.GetProperty("function").GetProperty("arguments").GetRawText());
    }

    [Fact]
    public async Task Models_are_installed_and_registry_models_can_be_pulled()
    {
        await using var tool = await StartAsync();
        using var http = Client(tool);

        var state = await ControlAsync(http, HttpMethod.Post, "/_test/models", """[{"name": "embedder", "capabilities": ["embedding"], "embedding_length": 8}]""");
        await ControlAsync(http, HttpMethod.Post, "/_test/registry", """{"name": "tiny:1b", "layer_sizes": [10]}""");
        using var embed = await http.PostAsync("/api/embed", new StringContent("""{"model":"embedder","input":"hello"}"""));
        using var pull = await http.PostAsync("/api/pull", new StringContent("""{"model":"tiny:1b","stream":false}"""));

        Assert.Contains("embedder:latest", Strings(state.GetProperty("models")));
        Assert.Equal(8, JsonDocument.Parse(await embed.Content.ReadAsStringAsync()).RootElement.GetProperty("embeddings")[0].GetArrayLength());
        Assert.Equal("""{"status":"success"}""", await pull.Content.ReadAsStringAsync());
        Assert.Contains("tiny:1b", Strings((await ControlAsync(http, HttpMethod.Get, "/_test/state")).GetProperty("models")));
    }

    [Fact]
    public async Task A_one_shot_fault_hits_the_next_matching_request_only()
    {
        await using var tool = await StartAsync();
        using var http = Client(tool);

        var state = await ControlAsync(http, HttpMethod.Post, "/_test/faults", """{"path": "/api/chat", "model": "m", "status": 500, "error": "boom", "once": true}""");
        var other = await ChatAsync(http, "other");
        var hit = await ChatAsync(http, "m");
        var next = await ChatAsync(http, "m");

        Assert.Equal(1, state.GetProperty("pending_faults").GetInt32());
        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.Equal((HttpStatusCode.InternalServerError, """{"error":"boom"}"""), hit);
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    [Fact]
    public async Task Persistent_faults_stay_until_deleted_and_spare_the_control_api()
    {
        await using var tool = await StartAsync();
        using var http = Client(tool);

        await ControlAsync(http, HttpMethod.Post, "/_test/faults", """{"unauthorized": true, "signin_url": "https://example.test/signin"}""");
        var first = await ChatAsync(http, "m");
        var second = await ChatAsync(http, "other");
        var state = await ControlAsync(http, HttpMethod.Get, "/_test/state");
        await ControlAsync(http, HttpMethod.Delete, "/_test/faults");
        using var generate = await http.PostAsync("/api/generate", new StringContent("""{"model":"m","prompt":"hi","stream":false}"""));

        Assert.Equal((HttpStatusCode.Unauthorized, """{"error":"unauthorized","signin_url":"https://example.test/signin"}"""), first);
        Assert.Equal(HttpStatusCode.Unauthorized, second.Status);
        Assert.Equal(0, state.GetProperty("pending_faults").GetInt32());
        Assert.Equal(HttpStatusCode.OK, generate.StatusCode); // the scenario's busy fault went too
    }

    [Fact]
    public async Task Requests_are_listed_without_control_calls_and_cleared()
    {
        await using var tool = await StartAsync();
        using var http = Client(tool);
        await ChatAsync(http, "m", "first");
        await http.PostAsync("/api/show?verbose=1", new StringContent("not json"));

        var requests = await ControlAsync(http, HttpMethod.Get, "/_test/requests");
        await ControlAsync(http, HttpMethod.Delete, "/_test/requests");
        await ChatAsync(http, "m", "after");
        var after = await ControlAsync(http, HttpMethod.Get, "/_test/requests");

        Assert.Equal(2, requests.GetArrayLength());
        var chat = requests[0];
        Assert.Equal((0, "POST", "/api/chat", "m", 200), (chat.GetProperty("index").GetInt32(), chat.GetProperty("method").GetString(),
            chat.GetProperty("path").GetString(), chat.GetProperty("model").GetString(), chat.GetProperty("status").GetInt32()));
        Assert.Equal("first", chat.GetProperty("body").GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.True(chat.GetProperty("completed").GetBoolean());
        Assert.False(chat.GetProperty("client_aborted").GetBoolean());
        Assert.False(chat.TryGetProperty("body_text", out _));
        var show = requests[1];
        Assert.Equal(("?verbose=1", "not json"), (show.GetProperty("query").GetString(), show.GetProperty("body_text").GetString()));
        Assert.False(show.TryGetProperty("body", out _));
        var only = Assert.Single(after.EnumerateArray());
        Assert.Equal(2, only.GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task Reset_restores_the_scenario_and_clears_requests()
    {
        await using var tool = await StartAsync();
        using var http = Client(tool);
        await ControlAsync(http, HttpMethod.Post, "/_test/models", """{"name": "extra"}""");
        await ControlAsync(http, HttpMethod.Post, "/_test/replies", """{"content": "extra"}""");
        await ControlAsync(http, HttpMethod.Post, "/_test/faults", """{"status": 500, "once": true}""");
        await ControlAsync(http, HttpMethod.Delete, "/_test/faults");
        await http.PostAsync("/api/blobs/sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("x"u8)), new ByteArrayContent("x"u8.ToArray()));

        var state = await ControlAsync(http, HttpMethod.Post, "/_test/reset");
        using var generate = await http.PostAsync("/api/generate", new StringContent("""{"model":"m","prompt":"hi","stream":false}"""));
        var chat = await ChatAsync(http, "m");

        Assert.Equal(["m:latest", "other:latest"], Strings(state.GetProperty("models")));
        Assert.Equal((1, 0, 0), (state.GetProperty("pending_replies").GetInt32(), state.GetProperty("pending_faults").GetInt32(), state.GetProperty("requests").GetInt32()));
        Assert.Equal(0, tool.Server.Blobs.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, generate.StatusCode);
        Assert.Equal("from the scenario", Content(chat.Text));
    }

    [Theory]
    [InlineData("/_test/replies", """{"model": "m", "chunk_size": 0}""", "line 1, column 16: chunk_size: must be at least 1, not 0")]
    [InlineData("/_test/replies", """[{"content": "a"}, {"contnt": "b"}]""", "line 1, column 21: [1].contnt: unknown field; did you mean 'content'?")]
    [InlineData("/_test/models", """{"name": "bad name!"}""", "line 1, column 2: name: 'bad name!' is not a valid Ollama model name; use [namespace/]model[:tag], e.g. qwen2.5:0.5b")]
    [InlineData("/_test/faults", """{"path": "/api/chat"}""", "line 1, column 1: the fault does nothing; set at least one of delay_first_byte, delay_each_chunk, cut_after_chunks, error_after_chunks, malformed_line_after_chunks, hang_after_chunks, trickle, status, busy or unauthorized")]
    [InlineData("/_test/faults", """{"busy": tru}""", "line 1, column 13: busy: invalid JSON: 'tru}' is an invalid JSON literal. Expected the literal 'true'")]
    [InlineData("/_test/models", "", "missing request body; expected a JSON object or an array of them")]
    public async Task A_bad_body_is_a_400_naming_line_and_field(string route, string body, string error)
    {
        await using var tool = await StartAsync();
        using var http = Client(tool);

        var (status, json, _) = await CallAsync(http, HttpMethod.Post, route, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, json.GetProperty("error").GetString());
        Assert.Equal(1, (await ControlAsync(http, HttpMethod.Get, "/_test/state")).GetProperty("pending_replies").GetInt32());
    }

    [Fact]
    public async Task Unknown_routes_are_404_and_wrong_methods_405_with_allow()
    {
        await using var tool = await StartAsync();
        using var http = Client(tool);

        var (missing, missingJson, _) = await CallAsync(http, HttpMethod.Get, "/_test/nope");
        var (wrong, wrongJson, response) = await CallAsync(http, HttpMethod.Put, "/_test/replies", "{}");

        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal(
            "no control route /_test/nope; the routes are: GET /_test/state; POST|DELETE /_test/replies; POST /_test/models; POST /_test/registry; POST|DELETE /_test/faults; GET|DELETE /_test/requests; POST /_test/reset",
            missingJson.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong);
        Assert.Equal("PUT is not allowed on /_test/replies; use POST, DELETE", wrongJson.GetProperty("error").GetString());
        Assert.Equal(["POST", "DELETE"], response.Content.Headers.Allow);
        Assert.Empty(tool.Server.Requests);
    }
}
