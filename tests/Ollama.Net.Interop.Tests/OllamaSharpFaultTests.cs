using System.Net;
using Ollama.Net.Testing;
using OllamaSharp;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;
using OllamaSharp.Models.Exceptions;

namespace Ollama.Net.Interop.Tests;

/// <summary>
/// How OllamaSharp 5.5.2 reacts to the server's faults. Where it disagrees with the wire spec
/// (shared/spec/ollama-api.md section 3, "Errors"), the test says so and asserts what OllamaSharp does today; each
/// such difference was checked against the raw wire (the server sends what the spec says), so it is in the client.
/// </summary>
public class OllamaSharpFaultTests
{
    private static OllamaApiClient Client(OllamaTestServer server) =>
        new(new HttpClient { BaseAddress = server.Endpoint, Timeout = Script.Bound }, Script.Chat);

    private static ChatRequest Hi(string model = Script.Chat) => new() { Model = model, Messages = [new Message(ChatRole.User, "hi")] };

    private static async Task<(List<ChatResponseStream?> Chunks, Exception? Error)> ReadAsync(IAsyncEnumerable<ChatResponseStream?> stream)
    {
        var chunks = new List<ChatResponseStream?>();
        try
        {
            await using var e = stream.GetAsyncEnumerator();
            while (await e.MoveNextAsync().AsTask().WaitAsync(Script.Bound))
            {
                chunks.Add(e.Current);
            }
        }
        catch (Exception ex) when (ex is not TimeoutException)
        {
            return (chunks, ex);
        }

        return (chunks, null);
    }

    private static async Task<OllamaTestServer> StartAsync()
    {
        var server = await Script.StartAsync();
        server.Replies.Generator = _ => Script.Reply();
        return server;
    }

    [Fact]
    public async Task Error_line_mid_stream_is_yielded_as_an_empty_chunk_not_raised()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.ErrorAfterChunks(2, "runner crashed"));
        using var client = Client(server);

        var (chunks, error) = await ReadAsync(client.ChatAsync(Hi()));

        // The server sent two chunks and then {"error":"runner crashed"} with HTTP 200 (spec section 3: "the server
        // writes one extra NDJSON line {"error":...}"; the Go client and ollama-js raise it).
        // Known difference (OllamaSharp 5.5.2): the chat stream does not look for "error"; the line is deserialized as
        // a ChatResponseStream with no message, and the stream ends with no exception and no done chunk.
        Assert.Null(error);
        Assert.Equal(3, chunks.Count);
        Assert.Equal(Script.ContentChunks[..2], chunks.Take(2).Select(c => c!.Message.Content));
        Assert.Null(chunks[2]!.Message);
        Assert.False(chunks[2]!.Done);
    }

    [Fact]
    public async Task Error_line_in_a_pull_stream_is_raised_with_the_server_text()
    {
        await using var server = await StartAsync();
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<ResponseError>(async () =>
        {
            await foreach (var _ in client.PullModelAsync(new PullModelRequest { Model = "ghost:1b" }).WithCancellation(new CancellationTokenSource(Script.Bound).Token))
            {
            }
        });

        Assert.Equal("pull model manifest: file does not exist", error.Message);
    }

    [Theory]
    [InlineData(404, "model 'qwen2.5:0.5b' not found")]
    [InlineData(500, "llama runner process has terminated")]
    [InlineData(503, Fault.BusyMessage)]
    public async Task Error_status_is_an_HttpRequestException_without_the_server_text(int status, string text)
    {
        await using var server = await StartAsync();
        using var _ = server.Faults.Always(Fault.Error(status, text));
        using var client = Client(server);

        var (_, chatError) = await ReadAsync(client.ChatAsync(Hi()));
        var listError = await Assert.ThrowsAsync<HttpRequestException>(() => client.ListLocalModelsAsync().WaitAsync(Script.Bound));

        // Known difference (OllamaSharp 5.5.2): non-2xx answers surface as HttpRequestException from
        // EnsureSuccessStatusCode; the {"error": ...} text the server sent (spec section 3) is not in the exception.
        foreach (var error in new[] { Assert.IsType<HttpRequestException>(chatError), listError })
        {
            Assert.Equal((HttpStatusCode)status, error.StatusCode);
            Assert.DoesNotContain(text, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unauthorized_loses_the_signin_url()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Unauthorized("https://ollama.com/connect?name=t&key=k"));
        using var client = Client(server);

        var (_, error) = await ReadAsync(client.ChatAsync(Hi()));

        // Known difference (OllamaSharp 5.5.2): a 401 is a plain HttpRequestException; signin_url (spec 2.2) is dropped.
        var http = Assert.IsType<HttpRequestException>(error);
        Assert.Equal(HttpStatusCode.Unauthorized, http.StatusCode);
        Assert.DoesNotContain("ollama.com/connect", http.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_connection_is_an_HttpIOException()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.CutAfterChunks(2));
        using var client = Client(server);

        var (chunks, error) = await ReadAsync(client.ChatAsync(Hi()));

        Assert.Equal(2, chunks.Count);
        Assert.IsType<HttpIOException>(error);
    }

    [Fact]
    public async Task A_complete_body_without_the_done_chunk_ends_silently()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Respond(
            200,
            """{"model":"qwen2.5:0.5b","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"a"},"done":false}""" + "\n",
            "application/x-ndjson"));
        using var client = Client(server);

        var (chunks, error) = await ReadAsync(client.ChatAsync(Hi()));

        // Known difference (OllamaSharp 5.5.2): a stream that ends before done:true is not reported (the Go client's
        // stream loop and ollama-js raise; Ollama.Net throws OllamaException).
        Assert.Null(error);
        Assert.Equal("a", Assert.Single(chunks)!.Message.Content);
    }

    [Fact]
    public async Task A_malformed_line_is_a_JsonException()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.MalformedLineAfterChunks(2));
        using var client = Client(server);

        var (chunks, error) = await ReadAsync(client.ChatAsync(Hi()));

        Assert.Equal(2, chunks.Count);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error);
    }

    [Fact]
    public async Task One_byte_trickle_gives_the_same_chunks()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Trickle());
        using var client = Client(server);

        var (chunks, error) = await ReadAsync(client.ChatAsync(Hi()));

        Assert.Null(error);
        Assert.Equal([.. Script.ContentChunks, ""], chunks.Select(c => c!.Message.Content));
        Assert.IsType<ChatDoneResponseStream>(chunks[^1]);
    }
}
