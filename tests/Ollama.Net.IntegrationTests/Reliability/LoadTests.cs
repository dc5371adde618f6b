using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Reliability;

/// <summary>
/// Many concurrent streams against one test server, bounded in count (200) and in time (a safety timeout, never
/// asserted): every stream ends in success or a typed error, no connection is leaked, memory stays bounded.
/// </summary>
[Collection(LoadCollection.Name)]
public class LoadTests
{
    private const int Streams = 200;

    /// <summary>A generous bound on the managed heap after a forced full collection (the suite holds far less).</summary>
    private const long MaxManagedBytesAfterGc = 512L * 1024 * 1024;

    [Fact]
    public async Task Two_hundred_concurrent_streams_all_complete_and_leave_no_connection_open()
    {
        await using var server = await Harness.StartServerAsync();
        server.Replies.Generator = ctx => new ScriptedReply { Content = "reply to " + ctx.Prompt, ChunkSize = 2 };
        var client = Harness.Client(server);

        var results = await Task.WhenAll(Enumerable.Range(0, Streams).Select(async i =>
        {
            var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat($"stream {i}"), Harness.Safety()));
            return (i, Text: string.Concat(updates.Select(u => u.Message.Content)), Done: updates.Count > 0 && updates[^1].Done, error);
        }));

        Assert.All(results, r =>
        {
            Assert.Null(r.error);
            Assert.True(r.Done);
            Assert.Equal($"reply to stream {r.i}", r.Text);
        });
        Assert.Equal(Streams, server.Requests.Count);

        client.Dispose();
        await server.WaitForOpenConnectionsAsync(0).WaitAsync(Harness.Bound);
        Assert.Equal(0, server.OpenConnections);
        AssertMemoryBounded();
    }

    [Fact]
    public async Task Two_hundred_concurrent_streams_under_mixed_faults_end_in_success_or_a_typed_error()
    {
        await using var server = await Harness.StartServerAsync();
        server.Replies.Generator = _ => new ScriptedReply { Content = "abcdefghij", ChunkSize = 1 };
        var faults = new Fault?[]
        {
            null,
            Fault.CutAfterChunks(3),
            Fault.ErrorAfterChunks(2),
            Fault.MalformedLineAfterChunks(4),
            Fault.Busy(),
            Fault.Trickle(),
            Fault.CutAfterChunks(0),
            Fault.HangAfterChunks(1),
        };
        var client = Harness.Client(server);

        var results = await Task.WhenAll(Enumerable.Range(0, Streams).Select(async i =>
        {
            var fault = faults[i % faults.Length];
            var request = Harness.Chat($"stream {i}");
            if (fault is not null)
            {
                server.Faults.Next(r => r.BodyText.Contains($"\"stream {i}\"", StringComparison.Ordinal), fault);
            }

            // A hanging stream is ended by its caller: cancellation is its expected (typed) outcome.
            using var cts = new CancellationTokenSource(Harness.Bound);
            var updates = new List<ChatUpdate>();
            Exception? error = null;
            try
            {
                await foreach (var update in client.ChatStreamingAsync(request, cts.Token))
                {
                    updates.Add(update);
                    if (fault?.ToString().StartsWith("hang", StringComparison.Ordinal) == true)
                    {
                        await cts.CancelAsync();
                    }
                }
            }
            catch (Exception ex)
            {
                error = ex;
            }

            return (Fault: fault?.ToString() ?? "none", Updates: updates, Error: error);
        }));

        Assert.All(results, r => Assert.True(Harness.IsTypedError(r.Error), $"{r.Fault}: unexpected {r.Error}"));
        Assert.All(results.Where(r => r.Fault == "none" || r.Fault == "one-byte trickle"), r =>
        {
            Assert.Null(r.Error);
            Assert.Equal("abcdefghij", string.Concat(r.Updates.Select(u => u.Message.Content)));
        });
        Assert.All(results.Where(r => r.Fault is not "none" and not "one-byte trickle"), r => Assert.NotNull(r.Error));
        Assert.Equal(0, server.Faults.Pending);

        client.Dispose();
        await server.WaitForOpenConnectionsAsync(0).WaitAsync(Harness.Bound);
        Assert.Equal(0, server.OpenConnections);
        AssertMemoryBounded();
    }

    private static void AssertMemoryBounded()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(managed < MaxManagedBytesAfterGc, $"Managed heap after a full GC is {managed:N0} bytes (bound {MaxManagedBytesAfterGc:N0}).");
    }
}

/// <summary>The load tests run one at a time so that their connection counts and memory are their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "Load";
}
