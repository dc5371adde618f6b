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

/// <summary>An absolute <c>http://</c> or <c>https://</c> address without credentials (or null).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HttpEndpointAttribute : OptionRuleAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
        => value switch
        {
            Uri uri when !Internal.UriDisplay.IsHttp(uri)
                => Fail(validationContext, $"must be an absolute http:// or https:// address, but it is \"{Internal.UriDisplay.Format(uri)}\""),
            Uri uri when uri.UserInfo.Length > 0
                => Fail(validationContext, $"must not carry credentials (user:password@), but \"{Internal.UriDisplay.Format(uri)}\" has some; use ApiKey or DefaultHeaders"),
            _ => ValidationResult.Success,
        };
}

/// <summary>
/// A positive <see cref="TimeSpan"/> no longer than <see cref="MaxTimeout"/> (what <c>CancelAfter</c> allows),
/// <see cref="Timeout.InfiniteTimeSpan"/>, or null.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PositiveTimeoutAttribute : OptionRuleAttribute
{
    /// <summary>The longest timeout a <see cref="CancellationTokenSource"/> can count: 4,294,967,294 ms (about 49.7 days).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
        => value switch
        {
            TimeSpan timeout when timeout == Timeout.InfiniteTimeSpan => ValidationResult.Success,
            TimeSpan timeout when timeout <= TimeSpan.Zero
                => Fail(validationContext, $"must be positive (or null for no limit), but it is {timeout}"),
            TimeSpan timeout when timeout > MaxTimeout
                => Fail(validationContext, $"must be at most {MaxTimeout} (about 49.7 days, the longest timer .NET can set), or null for no limit, but it is {timeout}"),
            _ => ValidationResult.Success,
        };
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

/// <summary>At least 1 (or null), for <see cref="OllamaClientOptions.MaxConnectionsPerServer"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AtLeastOneConnectionAttribute : OptionRuleAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
        => value is not int number || number >= 1
            ? ValidationResult.Success
            : Fail(validationContext, $"must be at least 1 connection (or null for no limit), but it is {number}");
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

/// <summary>
/// The ranges of <see cref="OllamaRetryOptions"/> (or null): failures name the nested key, such as
/// <c>Retry:MaxDelay</c>, which is also its configuration key under the section.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class RetryRulesAttribute : OptionRuleAttribute
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var failure = value is OllamaRetryOptions retry ? Check(retry) : null;
        return failure is null ? ValidationResult.Success : new ValidationResult($"{validationContext.MemberName}:{failure}.");
    }

    /// <summary>What is wrong with <paramref name="retry"/> ("MaxDelay must be ..."), or null when nothing is.</summary>
    public static string? Check(OllamaRetryOptions retry) => retry switch
    {
        { MaxRetryAttempts: < 0 or > 100 } => $"MaxRetryAttempts must be from 0 to 100, but it is {retry.MaxRetryAttempts}",
        { Delay: var delay } when delay < TimeSpan.Zero || delay > Longest => $"Delay must be from 0 to 1 day, but it is {delay}",
        { MaxDelay: var max } when max < retry.Delay || max > Longest => $"MaxDelay must be from Delay ({retry.Delay}) to 1 day, but it is {max}",
        _ => null,
    };
}
