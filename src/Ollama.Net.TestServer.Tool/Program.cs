using System.CommandLine;
using System.Runtime.InteropServices;
using Ollama.Net.TestServer.Tool;

// Ctrl+C (SIGINT) and SIGTERM stop the server cleanly: the signal is taken over (no default termination), the server
// is disposed, and the exit code is 0. A second signal while it stops terminates the process as usual.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var cli = new Cli(Console.Out, Console.Error);
return await cli.Root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token).ConfigureAwait(false);
