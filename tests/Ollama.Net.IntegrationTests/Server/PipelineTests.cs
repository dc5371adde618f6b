using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

/// <summary>
/// The server's extension points: <see cref="OllamaTestServerOptions.ConfigurePipeline"/> (middleware in front of the
/// Ollama routes) and <see cref="OllamaTestServerOptions.ListenAddress"/>.
/// </summary>
public class PipelineTests
{
    [Fact]
    public async Task ConfigurePipeline_routes_answer_unrecorded_and_get_the_started_server()
    {
        OllamaTestServer? seen = null;
        var options = new OllamaTestServerOptions
        {
            ConfigurePipeline = (app, server) =>
            {
                seen = server;
                app.Map("/_extra/pending", branch => branch.Run(c => c.Response.WriteAsync($"pending={server.Replies.Pending}")));
            },
        };
        options.Models.Add(Wire.Chat());
        await using var server = await OllamaTestServer.StartAsync(options);
        server.Replies.Enqueue("m", "queued");
        using var http = Wire.Client(server);

        var extra = await Wire.GetAsync(http, "/_extra/pending");
        var tags = await Wire.GetAsync(http, "/api/tags");

        Assert.Same(server, seen);
        Assert.Equal(200, extra.Status);
        Assert.Equal("pending=1", extra.Text);
        Assert.Equal(200, tags.Status);
        Assert.Equal("/api/tags", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task Requests_the_middleware_passes_on_are_served_recorded_and_faulted_as_usual()
    {
        var passed = 0;
        var options = new OllamaTestServerOptions
        {
            ConfigurePipeline = (app, _) => app.Use(next => context =>
            {
                Interlocked.Increment(ref passed);
                return next(context);
            }),
        };
        await using var server = await OllamaTestServer.StartAsync(options);
        server.Faults.Next("/api/version", Fault.Busy());
        using var http = Wire.Client(server);

        var busy = await Wire.GetAsync(http, "/api/version");
        var version = await Wire.GetAsync(http, "/api/version");
        var missing = await Wire.GetAsync(http, "/_extra/none");

        Assert.Equal(503, busy.Status);
        Assert.Equal(200, version.Status);
        Assert.Equal(404, missing.Status);
        Assert.Equal("404 page not found", missing.Text);
        Assert.Equal(3, passed);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task ListenAddress_IPv6_loopback_is_the_endpoint()
    {
        await using var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions { ListenAddress = IPAddress.IPv6Loopback });
        using var http = Wire.Client(server);

        var version = await Wire.GetAsync(http, "/api/version");

        Assert.Equal("[::1]", server.Endpoint.Host);
        Assert.Equal(200, version.Status);
    }

    [Fact]
    public async Task A_non_loopback_ListenAddress_serves_every_host_as_ollama_does()
    {
        await using var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions { ListenAddress = IPAddress.Any });
        using var http = Wire.Client(server);
        http.BaseAddress = new Uri($"http://127.0.0.1:{server.Endpoint.Port}/");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/version");
        request.Headers.Host = "evil.example";

        using var response = await http.SendAsync(request);

        Assert.Equal("0.0.0.0", server.Endpoint.Host);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_host_check_stays_on_for_loopback()
    {
        await using var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions { ListenAddress = IPAddress.Loopback });
        using var http = Wire.Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/version");
        request.Headers.Host = "evil.example";

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_null_ListenAddress_is_refused()
    {
        var options = new OllamaTestServerOptions { ListenAddress = null! };

        await Assert.ThrowsAsync<ArgumentNullException>("ListenAddress", () => OllamaTestServer.StartAsync(options));
    }
}
