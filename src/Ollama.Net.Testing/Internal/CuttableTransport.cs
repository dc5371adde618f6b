using System.IO.Pipelines;

namespace Ollama.Net.Testing.Internal;

/// <summary>
/// A pass-through for a connection's output that can be cut: everything flushed before the cut is sent, then the socket is
/// closed (FIN) without another byte, so the client sees the body end early. <c>HttpContext.Abort()</c> alone can drop
/// bytes that were flushed but not yet handed to the socket, which would make "cut after N chunks" nondeterministic.
/// </summary>
internal sealed class CuttableTransport : IDuplexPipe, IAsyncDisposable
{
    private readonly IDuplexPipe _inner;
    private readonly Pipe _output = new(new PipeOptions(useSynchronizationContext: false));
    private readonly TaskCompletionSource _cutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _pump;
    private volatile bool _cutRequested;

    public CuttableTransport(IDuplexPipe inner)
    {
        _inner = inner;
        _pump = Task.Run(PumpAsync);
    }

    public PipeReader Input => _inner.Input;

    public PipeWriter Output => _output.Writer;

    /// <summary>Sends what was flushed so far, then closes the connection's sending side. Completes when done.</summary>
    public Task CutAsync()
    {
        _cutRequested = true;
        _output.Reader.CancelPendingRead();
        return _cutDone.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        var forwarding = true;
        try
        {
            while (true)
            {
                var result = await _output.Reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (forwarding)
                {
                    try
                    {
                        foreach (var segment in buffer)
                        {
                            await _inner.Output.WriteAsync(segment).ConfigureAwait(false);
                        }
                    }
                    catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
                    {
                        forwarding = false;
                    }
                }

                _output.Reader.AdvanceTo(buffer.End);

                if (forwarding && _cutRequested)
                {
                    forwarding = false;
                    await CompleteInnerAsync().ConfigureAwait(false);
                    _cutDone.TrySetResult();
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            if (forwarding)
            {
                await CompleteInnerAsync().ConfigureAwait(false);
            }

            _cutDone.TrySetResult();
            await _output.Reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task CompleteInnerAsync()
    {
        try
        {
            await _inner.Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already completed by the transport.
        }
    }
}
