using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Ollama.Net.Benchmarks.Client;

/// <summary>
/// In process, few iterations (the machine has 2 shared cores: compare ratios within one run), memory diagnoser, ratio columns
/// against the OllamaSharp baseline. A <c>--job</c> given on the command line replaces this job.
/// </summary>
public sealed class ClientBenchmarkConfig : ManualConfig
{
    public ClientBenchmarkConfig()
    {
        // In-process: building a separate benchmark executable takes minutes on this shared 2-core machine.
        AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8).WithToolchain(InProcessEmitToolchain.Instance).WithId("client"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
        HideColumns(Column.Error, Column.StdDev, "RatioSD");
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
