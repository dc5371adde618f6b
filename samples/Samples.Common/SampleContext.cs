using Ollama.Net;
using Ollama.Net.Testing;
using Spectre.Console;

namespace Samples.Common;

/// <summary>
/// What a sample works with once connected: the client, the model, the console, and whether the answers are simulated.
/// Disposing it disposes the client and stops the simulated server, if any.
/// </summary>
public sealed class SampleContext : IAsyncDisposable
{
    internal SampleContext(OllamaClient client, string model, IAnsiConsole console, OllamaTestServer? server)
    {
        Client = client;
        Model = model;
        Console = console;
        Server = server;
    }

    /// <summary>The client, connected to the real server or to the simulated one.</summary>
    public OllamaClient Client { get; }

    /// <summary>The model from <c>--model</c> (or the sample's default).</summary>
    public string Model { get; }

    /// <summary>Where output goes (colours degrade by themselves when output is redirected).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>The simulated server when running offline, else null.</summary>
    public OllamaTestServer? Server { get; }

    /// <summary>True when the answers come from <see cref="OllamaTestServer"/> (simulated), not from a real model.</summary>
    public bool IsOffline => Server is not null;

    /// <summary>The server address the client talks to.</summary>
    public Uri Endpoint => Client.Endpoint;

    /// <summary>The endpoint without its trailing slash, for messages.</summary>
    public string EndpointText => Endpoint.AbsoluteUri.TrimEnd('/');

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
