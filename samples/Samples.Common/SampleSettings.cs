namespace Samples.Common;

/// <summary>The shared command-line settings of a sample run.</summary>
/// <param name="Host">The <c>--host</c> value, or null for <c>OLLAMA_HOST</c> (else http://127.0.0.1:11434).</param>
/// <param name="Model">The model to use.</param>
/// <param name="Offline">True to skip the real server and run against the simulated one.</param>
public sealed record SampleSettings(string? Host, string Model, bool Offline);
