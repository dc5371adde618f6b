using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>Cancelling the client makes the server see the request go away (the server records it).</summary>
public class CancellationClientTests
{
    private const string Chat = ScriptedTarget.Chat;

    [Fact]
    public async Task Cancelling_a_stream_mid_way_aborts_the_request_on_the_server()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Content = "abcdef", ChunkSize = 1, Fault = Fault.HangAfterChunks(2) });
        using var client = target.CreateClient();
        using var cts = new CancellationTokenSource();
        var received = new List<ChatUpdate>();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(new ChatRequest(Chat, Message.User("x")), cts.Token))
            {
                received.Add(update);
                if (received.Count == 2)
                {
                    // Cancelled between two reads: the next read throws at once; the server sees the connection go
                    // only when the half-read response is disposed (SocketsHttpHandler drains it first, up to 2 s).
                    await cts.CancelAsync();
                }
            }
        }).Within();

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(["a", "b"], received.Select(u => u.Message.Content));
        var record = target.Server.Requests.Single();
        await record.Completion.Within();
        Assert.True(record.ClientAborted);
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_the_first_byte_aborts_the_request()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Faults.Next(Fault.HangAfterChunks(0));
        using var client = target.CreateClient();
        using var cts = new CancellationTokenSource();

        var call = client.ChatAsync(new ChatRequest(Chat, Message.User("x")), cts.Token);
        var records = await target.Server.WaitForRequestsAsync(1).Within();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Within());
        await records[0].Completion.Within();
        Assert.True(records[0].ClientAborted);
    }

    [Fact]
    public async Task Cancelling_a_pull_mid_progress_aborts_it()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Faults.Next("/api/pull", Fault.HangAfterChunks(3));
        using var client = target.CreateClient();
        using var cts = new CancellationTokenSource();
        var progress = new CancelAfter(3, cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PullModelAsync("llama3.2:1b", progress, cts.Token).Within());

        var record = target.Server.Requests.Single();
        await record.Completion.Within();
        Assert.True(record.ClientAborted);
        Assert.DoesNotContain(target.Server.Models, m => m.Name == "llama3.2:1b");
    }

    [Fact]
    public async Task Breaking_out_of_a_stream_early_releases_the_request()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Content = "abcdef", ChunkSize = 1, Fault = Fault.HangAfterChunks(2) });
        using var client = target.CreateClient();

        await foreach (var update in client.ChatStreamingAsync(new ChatRequest(Chat, Message.User("x"))))
        {
            Assert.Equal("a", update.Message.Content);
            break;
        }

        // Disposing a half-read response lets SocketsHttpHandler try to drain it (up to 2 s) before it closes the
        // connection; the server then sees the client go away.
        var record = target.Server.Requests.Single();
        await record.Completion.Within();
        Assert.True(record.ClientAborted);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_sends_nothing()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListModelsAsync(new CancellationToken(canceled: true)).Within());

        Assert.Empty(target.Server.Requests);
    }

    private sealed class CancelAfter(int count, CancellationTokenSource cts) : IProgress<ModelTransferProgress>
    {
        private int _seen;

        public void Report(ModelTransferProgress value)
        {
            if (++_seen == count)
            {
                cts.Cancel();
            }
        }
    }
}
