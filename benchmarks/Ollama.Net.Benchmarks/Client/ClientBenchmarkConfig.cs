using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Ollama.Net.Benchmarks.Client;

/// <summary>
/// Few iterations (the machine has 2 shared cores: compare ratios within one run), memory diagnoser, ratio columns
/// against the OllamaSharp baseline. A <c>--job</c> given on the command line replaces this job.
/// </summary>
public sealed class ClientBenchmarkConfig : ManualConfig
{
    public ClientBenchmarkConfig()
    {
        AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(8).WithId("client"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
        HideColumns(Column.Error, Column.StdDev, "RatioSD");
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
