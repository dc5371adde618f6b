using Microsoft.Extensions.Options;

namespace Ollama.Net.Hosting;

/// <summary>
/// Validates the options of one <c>AddOllamaClient</c> registration with the source-generated
/// <see cref="OllamaClientOptionsValidator"/>, naming the configuration key of each bad value (the value may also come
/// from the <c>configure</c> delegate, which runs after binding).
/// </summary>
internal sealed class RegisteredOptionsValidator(string optionsName, string? sectionPath) : IValidateOptions<OllamaClientOptions>
{
    private static readonly OllamaClientOptionsValidator Rules = new();

    public ValidateOptionsResult Validate(string? name, OllamaClientOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, optionsName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var result = Rules.Validate(name, options);
        if (!result.Failed || sectionPath is null)
        {
            return result;
        }

        // Every rule's message starts with the option's name, which is also its key under the configuration section.
        return ValidateOptionsResult.Fail(result.Failures!.Select(failure => $"{sectionPath}:{failure}"));
    }
}
