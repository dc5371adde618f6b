using Microsoft.Extensions.Options;

namespace Ollama.Net.Hosting;

/// <summary>
/// Checks <see cref="OllamaClientOptions"/> against the validation attributes on its properties. The body is generated
/// by the Microsoft.Extensions.Options source generator (no reflection; trimming- and NativeAOT-safe). Used by the client's
/// constructor and, through <c>ValidateOnStart</c>, when a host that registered <c>AddOllamaClient</c> starts.
/// </summary>
[OptionsValidator]
internal sealed partial class OllamaClientOptionsValidator : IValidateOptions<OllamaClientOptions>
{
}
