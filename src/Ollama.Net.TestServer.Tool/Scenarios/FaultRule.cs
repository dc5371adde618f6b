using Ollama.Net.Testing;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>A fault and the requests it hits: a path, a model (both optional), the next one only or every one.</summary>
internal sealed record FaultRule(string? Path, string? Model, bool Once, Fault Fault)
{
    /// <summary>Registers the rule with the server's fault script.</summary>
    public void Register(FaultScript faults)
    {
        if (Once)
        {
            faults.Next(Matches, Fault);
        }
        else
        {
            faults.Always(Matches, Fault);
        }
    }

    private bool Matches(RecordedRequest request) =>
        (Path is null || string.Equals(request.Path, Path, StringComparison.OrdinalIgnoreCase)) &&
        (Model is null || (request.Model is { } model && string.Equals(ModelNames.Normalize(model), Model, StringComparison.OrdinalIgnoreCase)));
}
