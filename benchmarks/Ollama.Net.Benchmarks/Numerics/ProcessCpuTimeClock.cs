using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// A BenchmarkDotNet clock that reads the CPU time of the whole process (CLOCK_PROCESS_CPUTIME_ID, Linux) instead of
/// wall time. On a machine shared with other jobs, time the benchmark thread spends descheduled is not counted, so ratios
/// between single-threaded benchmarks stay meaningful. (Memory stalls are still counted: the thread is running.)
/// Not meaningful for multi-threaded benchmarks, whose threads' CPU times add up.
/// </summary>
internal sealed class ProcessCpuTimeClock : IClock
{
    private const int ClockProcessCpuTimeId = 2;
    private const int ClockThreadCpuTimeId = 3;

    public string Title => "Process CPU time (clock_gettime CLOCK_PROCESS_CPUTIME_ID)";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => new(1_000_000_000d);

    public long GetTimestamp() => Nanoseconds(ClockProcessCpuTimeId, "CLOCK_PROCESS_CPUTIME_ID");

    /// <summary>The CPU time of the calling thread in nanoseconds (CLOCK_THREAD_CPUTIME_ID, Linux).</summary>
    public static long ThreadNanoseconds() => Nanoseconds(ClockThreadCpuTimeId, "CLOCK_THREAD_CPUTIME_ID");

    private static long Nanoseconds(int clockId, string name)
    {
        if (clock_gettime(clockId, out TimeSpec now) != 0)
        {
            throw new InvalidOperationException($"clock_gettime({name}) failed.");
        }

        return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
