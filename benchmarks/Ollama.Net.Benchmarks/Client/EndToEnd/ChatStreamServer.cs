using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ollama.Net.Benchmarks.Client.EndToEnd;

/// <summary>
/// A minimal Kestrel server on 127.0.0.1 (port chosen by the OS) that answers <c>POST /api/chat</c> with a fixed NDJSON
/// chat stream, written in slices of <see cref="SliceBytes"/> with a flush after each (so clients see partial reads and
/// lines split across reads, as with a real server).
/// </summary>
public sealed class ChatStreamServer : IAsyncDisposable
{
    public const int SliceBytes = 4096;

    private readonly WebApplication _app;

    private ChatStreamServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ChatStreamServer> StartAsync(byte[] body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/api/chat", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.ContentType = "application/x-ndjson";
            for (var offset = 0; offset < body.Length; offset += SliceBytes)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(SliceBytes, body.Length - offset)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ChatStreamServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
