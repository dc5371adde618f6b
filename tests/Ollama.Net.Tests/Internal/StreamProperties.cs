using System.Text;
using CsCheck;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Internal;

/// <summary>
/// Properties of stream reading through the whole client: the updates do not depend on how the bytes are split into
/// reads, and no bytes at all (random, mutated, cut) can make it hang or throw anything but <see cref="OllamaException"/>.
/// </summary>
public class StreamProperties
{
    /// <summary>A safety net: a read that has not finished by then counts as a hang (never reached by a healthy run).</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    private static async Task<(List<ChatUpdate> Updates, Exception? Error)> ReadAsync(byte[] body, int[] readSizes)
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(new ChoppedStream(body, readSizes)));
        using var client = TestClient.Create(handler);
        using var safety = new CancellationTokenSource(HangBound);
        var updates = new List<ChatUpdate>();
        try
        {
            await foreach (var update in client.ChatStreamingAsync(new ChatRequest("m", Message.User("q")), safety.Token))
            {
                updates.Add(update);
            }

            return (updates, null);
        }
        catch (OperationCanceledException) when (safety.IsCancellationRequested)
        {
            throw new InvalidOperationException($"The stream read hung on {body.Length} bytes: {Encoding.UTF8.GetString(body)}");
        }
        catch (Exception ex)
        {
            return (updates, ex);
        }
    }

    private static void AssertOnlyOllamaException(Exception? error, byte[] body)
    {
        if (error is not null and not OllamaException)
        {
            throw new InvalidOperationException($"Expected success or OllamaException, got {error.GetType().Name} for: {Encoding.UTF8.GetString(body)}", error);
        }
    }

    [Fact]
    public Task Any_valid_stream_split_anywhere_gives_the_same_updates()
        => Gen.Select(StreamText.Chat, StreamText.ReadSizes).SampleAsync(async (stream, sizes) =>
        {
            var (updates, error) = await ReadAsync(stream.ToBytes(), sizes);

            Assert.Null(error);
            Assert.Equal([.. stream.Contents, string.Empty], updates.Select(u => u.Message.Content));
            Assert.All(updates.SkipLast(1), u => Assert.False(u.Done));
            Assert.True(updates[^1].Done);
            Assert.Equal(DoneReason.Stop, updates[^1].DoneReason);
            Assert.Equal(TimeSpan.FromTicks(12_345_678), updates[^1].TotalDuration);
            Assert.Equal(11, updates[^1].EvalCount);
        }, iter: StreamText.Iterations);

    [Fact]
    public Task Random_bytes_give_an_OllamaException_never_a_hang_or_another_exception()
        => Gen.Select(Gen.Byte.Array[0, 400], StreamText.ReadSizes).SampleAsync(async (bytes, sizes) =>
        {
            var (_, error) = await ReadAsync(bytes, sizes);
            AssertOnlyOllamaException(error, bytes);
        }, iter: StreamText.Iterations);

    /// <summary>Byte-level damage to a valid stream: overwrite, delete, insert, cut.</summary>
    private static readonly Gen<(int Kind, int Position, byte Value)[]> Mutations =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.OneOf<byte>(
            (byte)'"', (byte)'{', (byte)'}', (byte)'[', (byte)':', (byte)',', (byte)'\\', (byte)'\n', (byte)'0', (byte)'9',
            (byte)'-', (byte)'e', (byte)'n', (byte)'t', (byte)' ', 0x00, 0x80, 0xC3, 0xE2, 0xF0, 0xFF)).Array[1, 6];

    private static byte[] Mutate(byte[] valid, (int Kind, int Position, byte Value)[] mutations)
    {
        var bytes = new List<byte>(valid);
        foreach (var (kind, position, value) in mutations)
        {
            if (bytes.Count == 0)
            {
                break;
            }

            var at = position % bytes.Count;
            switch (kind)
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, value);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    [Fact]
    public Task Mutated_streams_give_updates_or_an_OllamaException_never_a_hang_or_another_exception()
        => Gen.Select(StreamText.Chat, Mutations, StreamText.ReadSizes).SampleAsync(async (stream, mutations, sizes) =>
        {
            var body = Mutate(stream.ToBytes(), mutations);
            var (updates, error) = await ReadAsync(body, sizes);
            AssertOnlyOllamaException(error, body);
            if (error is null)
            {
                Assert.True(updates[^1].Done); // success always means the final chunk arrived
            }
        }, iter: StreamText.Iterations);

    [Fact]
    public Task Random_or_mutated_non_streaming_bodies_give_a_result_or_an_OllamaException()
        => Gen.Select(StreamText.Content, Mutations, Gen.Bool).SampleAsync(async (content, mutations, random) =>
        {
            var valid = Encoding.UTF8.GetBytes(StreamText.ChatLine(content, done: true));
            var body = random ? Encoding.UTF8.GetBytes(content) : Mutate(valid, mutations);
            var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(new MemoryStream(body), contentType: "application/json"));
            using var client = TestClient.Create(handler);
            using var safety = new CancellationTokenSource(HangBound);
            try
            {
                await client.ChatAsync(new ChatRequest("m", Message.User("q")), safety.Token);
            }
            catch (OllamaException)
            {
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"Expected a result or OllamaException, got {ex.GetType().Name} for: {Encoding.UTF8.GetString(body)}", ex);
            }
        }, iter: StreamText.Iterations);
}
