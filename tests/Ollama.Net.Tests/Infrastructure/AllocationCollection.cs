namespace Ollama.Net.Tests.Infrastructure;

/// <summary>Tests that count a thread's allocations run alone, never in parallel with others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation counts";
}
