using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// Adds nothing by default (the command line picks the job, e.g. <c>--job short</c>). With the environment variable
/// <c>OLLAMA_BENCH_CPU_TIME=1</c> it adds a short in-process job timed with <see cref="ProcessCpuTimeClock"/>:
/// run it without <c>--job</c>, e.g.
/// <c>OLLAMA_BENCH_CPU_TIME=1 dotnet run -c Release --project benchmarks/Ollama.Net.Benchmarks -- --filter '*ScanBenchmarks*'</c>.
/// </summary>
public sealed class NumericsConfig : ManualConfig
{
    public NumericsConfig()
    {
        if (Environment.GetEnvironmentVariable("OLLAMA_BENCH_CPU_TIME") == "1")
        {
            AddJob(Job.ShortRun
                .WithClock(new ProcessCpuTimeClock())
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithId("ShortRun-CpuTime"));
        }
    }
}
