using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public class ConnectionTests
{
    [Fact]
    public async Task Open_connections_are_counted_and_drop_to_zero_when_clients_go_away()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        Assert.Equal(0, server.OpenConnections);

        var http = Wire.Client(server);
        server.Faults.Next(Fault.HangAfterChunks(1));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = Wire.Json("""{"model":"m","messages":[{"role":"user","content":"x"}]}""") };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        await server.WaitForOpenConnectionsAsync(1).WaitAsync(Wire.Bound);
        Assert.Equal(1, server.OpenConnections);

        // A second, parallel request needs a second connection.
        await Wire.GetAsync(http, "/api/version");
        Assert.Equal(2, server.TotalConnections);

        response.Dispose();
        http.Dispose();
        await server.WaitForOpenConnectionsAsync(0).WaitAsync(Wire.Bound);
        Assert.Equal(0, server.OpenConnections);
        Assert.Equal(2, server.TotalConnections);
        Assert.True(server.Requests[0].ClientAborted);
    }

    [Fact]
    public async Task Keep_alive_reuses_one_connection()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        for (var i = 0; i < 5; i++)
        {
            await Wire.GetAsync(http, "/api/version");
        }

        Assert.Equal(1, server.TotalConnections);
        Assert.Equal(1, server.OpenConnections);
    }

    [Fact]
    public async Task Dispose_ends_hanging_requests_and_is_idempotent()
    {
        var server = await Wire.StartAsync(Wire.Chat());
        server.Faults.Always(Fault.HangAfterChunks(1));
        using var http = Wire.Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = Wire.Json("""{"model":"m","messages":[{"role":"user","content":"x"}]}""") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var record = server.Requests.Single();

        await server.DisposeAsync().AsTask().WaitAsync(Wire.Bound);
        await server.DisposeAsync();
        await record.Completion.WaitAsync(Wire.Bound);
        Assert.Equal(0, server.OpenConnections);
    }

    [Fact]
    public async Task Start_validates_options()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OllamaTestServer.StartAsync(new OllamaTestServerOptions { ProgressSteps = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OllamaTestServer.StartAsync(new OllamaTestServerOptions { ChunkDelay = TimeSpan.FromSeconds(-1) }));
    }
}
