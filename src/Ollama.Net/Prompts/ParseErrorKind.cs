namespace Ollama.Net.Prompts;

/// <summary>Why a model reply could not be turned into a typed value (see <see cref="ParseResult{T}.ErrorKind"/>).</summary>
public enum ParseErrorKind
{
    /// <summary>No error: the parse succeeded.</summary>
    None = 0,

    /// <summary>The reply was empty or only white space.</summary>
    Empty,

    /// <summary>The reply holds no value of the expected kind (no number, no list item, no JSON, no known label).</summary>
    NoValue,

    /// <summary>The reply holds more than one candidate value (for example "8 or 9", or two different labels).</summary>
    Ambiguous,

    /// <summary>A number was found but it lies outside the allowed range.</summary>
    OutOfRange,

    /// <summary>A whole number was expected but the reply holds a fraction (for example "7.5").</summary>
    NotWholeNumber,

    /// <summary>The reply names a label only to deny it (for example "not positive").</summary>
    Negated,

    /// <summary>The JSON text in the reply is malformed.</summary>
    InvalidJson,

    /// <summary>The reply is valid JSON but does not fit the expected type.</summary>
    SchemaMismatch,

    /// <summary>The list has fewer items than required.</summary>
    TooFewItems,

    /// <summary>The list has more items than allowed.</summary>
    TooManyItems,
}
