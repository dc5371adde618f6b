using System.ComponentModel.DataAnnotations;

namespace Ollama.Net.Hosting;

/// <summary>A rule on one option of <see cref="OllamaClientOptions"/>, checked by <see cref="OllamaClientOptionsValidator"/>.</summary>
internal abstract class OptionRuleAttribute : ValidationAttribute
{
    /// <summary>
    /// A failure that reads "Option must ...": it starts with the option's name, which is also its configuration key
    /// under the section (<see cref="RegisteredOptionsValidator"/> puts the section in front).
    /// </summary>
    protected static ValidationResult Fail(ValidationContext context, string what)
        => new($"{context.MemberName}{(what.StartsWith('[') ? "" : " ")}{what}.");
}

/// <summary>An absolute <c>http://</c> or <c>https://</c> address (or null).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HttpEndpointAttribute : OptionRuleAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
        => value is not Uri uri || Internal.UriDisplay.IsHttp(uri)
            ? ValidationResult.Success
            : Fail(validationContext, $"must be an absolute http:// or https:// address, but it is \"{Internal.UriDisplay.Format(uri)}\"");
}

/// <summary>A positive <see cref="TimeSpan"/>, <see cref="Timeout.InfiniteTimeSpan"/>, or null.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PositiveTimeoutAttribute : OptionRuleAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
        => value is not TimeSpan timeout || timeout > TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan
            ? ValidationResult.Success
            : Fail(validationContext, $"must be positive (or null for no limit), but it is {timeout}");
}

/// <summary>At least 1 (or null), for the byte limits.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AtLeastOneAttribute : OptionRuleAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
        => value switch
        {
            null => ValidationResult.Success,
            int number when number >= 1 => ValidationResult.Success,
            long number when number >= 1 => ValidationResult.Success,
            _ => Fail(validationContext, $"must be at least 1 byte, but it is {value}"),
        };
}

/// <summary>
/// Text that can travel in an HTTP header: no CR, LF or NUL (a header value), and for a dictionary of headers also names
/// that are HTTP tokens. <see cref="HttpClient"/> would otherwise drop a bad header name silently, or fail each request.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HeaderSafeAttribute : OptionRuleAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        switch (value)
        {
            case string text when text.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0:
                return Fail(validationContext, "must not contain a line break or NUL character");
            case IDictionary<string, string> headers:
                foreach (var (name, headerValue) in headers)
                {
                    if (string.IsNullOrEmpty(name) || !IsToken(name))
                    {
                        return Fail(validationContext, $"has \"{name}\", which is not a valid HTTP header name");
                    }

                    if (headerValue is null || headerValue.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
                    {
                        return Fail(validationContext, $"[\"{name}\"] must be a value without a line break or NUL character");
                    }
                }

                return ValidationResult.Success;
            default:
                return ValidationResult.Success;
        }
    }

    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
