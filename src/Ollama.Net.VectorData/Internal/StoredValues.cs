using System.Collections;

namespace Ollama.Net.VectorData.Internal;

/// <summary>Copies of data values, so neither the caller's record nor a returned record shares arrays or lists with the store.</summary>
internal static class StoredValues
{
    public static object? Copy(object? value) => value switch
    {
        Array array => array.Clone(),
        IList list when list.GetType().IsGenericType => Activator.CreateInstance(list.GetType(), list),
        _ => value,
    };
}
