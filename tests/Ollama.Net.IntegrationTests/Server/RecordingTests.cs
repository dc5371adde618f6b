using System.Text;
using System.Text.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public class RecordingTests
{
    [Fact]
    public async Task Every_request_is_recorded_with_method_path_query_headers_and_body()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat?ts=123&x=y")
        {
            Content = new StringContent("""{"model":"m","stream":false,"messages":[{"role":"user","content":"héllo"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer secret");
        request.Headers.Add("X-Trace", ["a", "b"]);
        var before = DateTimeOffset.UtcNow;
        (await http.SendAsync(request)).Dispose();

        var r = Assert.Single(server.Requests);
        Assert.Equal(0, r.Index);
        Assert.Equal("POST", r.Method);
        Assert.Equal("/api/chat", r.Path);
        Assert.Equal("?ts=123&x=y", r.Query);
        Assert.Equal("Bearer secret", r.Headers["authorization"]);
        Assert.Equal("a, b", r.Headers["X-Trace"]);
        Assert.StartsWith("application/json", r.Headers["Content-Type"]);
        Assert.Equal("""{"model":"m","stream":false,"messages":[{"role":"user","content":"héllo"}]}""", r.BodyText);
        Assert.Equal(Encoding.UTF8.GetBytes(r.BodyText), r.Body.ToArray());
        Assert.Equal("héllo", r.Json?.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal("m", r.Model);
        Assert.InRange(r.ReceivedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("POST /api/chat?ts=123&x=y", r.ToString());
        await r.Completion.WaitAsync(Wire.Bound);
        Assert.Equal(200, r.StatusCode);
        Assert.False(r.ClientAborted);
    }

    [Fact]
    public async Task Non_json_and_empty_bodies_are_recorded_too()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        await Wire.GetAsync(http, "/");
        await Wire.PostAsync(http, "/api/chat", "{not json");
        var (get, bad) = (server.Requests[0], server.Requests[1]);
        Assert.True(get.Body.IsEmpty);
        Assert.Equal(string.Empty, get.BodyText);
        Assert.Null(get.Json);
        Assert.Null(get.Model);
        Assert.Equal("{not json", bad.BodyText);
        Assert.Null(bad.Json);
        await bad.Completion.WaitAsync(Wire.Bound);
        Assert.Equal(400, bad.StatusCode);
    }

    [Fact]
    public async Task Requests_is_an_immutable_snapshot_in_arrival_order()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        await Wire.GetAsync(http, "/api/version");
        var snapshot = server.Requests;
        await Wire.GetAsync(http, "/api/tags");
        await Wire.PostAsync(http, "/api/show", """{"name":"legacy"}""");

        Assert.Single(snapshot);
        Assert.Equal(["/api/version", "/api/tags", "/api/show"], server.Requests.Select(r => r.Path));
        Assert.Equal([0, 1, 2], server.Requests.Select(r => r.Index));
        Assert.Equal("legacy", server.Requests[2].Model);
    }

    [Fact]
    public async Task WaitForRequestsAsync_completes_when_enough_requests_arrived()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        Assert.Empty(await server.WaitForRequestsAsync(0));

        var waitTwo = server.WaitForRequestsAsync(2);
        Assert.False(waitTwo.IsCompleted);
        await Wire.GetAsync(http, "/");
        Assert.False(waitTwo.IsCompleted);
        await Wire.GetAsync(http, "/api/version");
        var two = await waitTwo.WaitAsync(Wire.Bound);
        Assert.Equal(2, two.Count);

        using var cts = new CancellationTokenSource();
        var never = server.WaitForRequestsAsync(100, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => never);
    }

    [Fact]
    public async Task Concurrent_requests_are_all_recorded()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Wire.PostAsync(http, "/api/generate", $$"""{"model":"m","prompt":"p{{i}}","stream":false}""")));
        Assert.Equal(20, server.Requests.Count);
        Assert.Equal(Enumerable.Range(0, 20), server.Requests.Select(r => r.Index));
        Assert.Equal(
            Enumerable.Range(0, 20).Select(i => "p" + i).Order(),
            server.Requests.Select(r => r.Json!.Value.GetProperty("prompt").GetString()!).Order());
    }

    [Fact]
    public async Task A_client_cancelling_a_stream_mid_way_is_observed()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", new ScriptedReply { Content = "abcdef", ChunkSize = 1, Fault = Fault.HangAfterChunks(3) });
        using var http = Wire.Client(server);
        using var cts = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = Wire.Json("""{"model":"m","messages":[{"role":"user","content":"x"}]}""") };
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token))
        {
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(JsonValueKind.Object, JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!).RootElement.ValueKind);
            }

            await cts.CancelAsync();
        }

        var record = server.Requests.Single();
        await record.Completion.WaitAsync(Wire.Bound);
        Assert.True(record.ClientAborted);
    }
}
