namespace Ollama.Net.VectorData.Internal;

/// <summary>
/// The stored values of a collection by column and slot, what filters read in slot order without visiting records:
/// every value boxed (<see cref="Boxed"/>, for reads as <c>object</c>, dynamic records' <c>r["Name"]</c>), and for
/// properties of the common non-nullable value types a typed copy (<see cref="Typed"/>: an <c>int[]</c> for an
/// <c>int</c> property), which a typed filter reads with no indirection.
/// </summary>
/// <remarks>
/// A boxed value is an object of its own, allocated beside its record's vector copy: a filter over 100,000 records
/// read one scattered object per record, about 40 ns each, and a store search with a 10 % filter took 2.3–2.8× the raw
/// index's filtered scan (docs/benchmarks.md). The typed copy keeps the values of a column next to each other.
/// </remarks>
internal sealed class ValueColumns
{
    public ValueColumns(CollectionShape shape, int capacity)
    {
        Boxed = [.. shape.Values.Select(_ => new object?[capacity])];
        Typed = [.. shape.Values.Select(v => CreateTyped(v.Type, capacity))];
    }

    /// <summary>Every column's values, boxed, by slot (null in a free slot).</summary>
    public object?[][] Boxed { get; }

    /// <summary>A typed copy of each column whose type has one (<see cref="TypedArrayType"/>), else null; default in a free slot.</summary>
    public Array?[] Typed { get; }

    /// <summary>The slots the columns hold (column 0, the key, always exists).</summary>
    public int Capacity => Boxed[0].Length;

    /// <summary>The array type of the typed copy a property of <paramref name="type"/> gets (<c>int[]</c> for <c>int</c>), or null for none.</summary>
    public static Type? TypedArrayType(Type type) => CreateTyped(type, 0)?.GetType();

    /// <summary>Writes the values of the record in <paramref name="slot"/> (null: the slot is freed), growing the columns.</summary>
    public void Set(int slot, object?[]? values)
    {
        if (slot >= Capacity)
        {
            int capacity = Math.Max(slot + 1, Capacity * 2);
            for (int c = 0; c < Boxed.Length; c++)
            {
                Array.Resize(ref Boxed[c], capacity);
                if (Typed[c] is { } typed)
                {
                    Array grown = CreateTyped(typed.GetType().GetElementType()!, capacity)!;
                    Array.Copy(typed, grown, typed.Length);
                    Typed[c] = grown;
                }
            }
        }

        for (int c = 0; c < Boxed.Length; c++)
        {
            object? value = values?[c];
            Boxed[c][slot] = value;
            Typed[c]?.SetValue(value, slot); // null (a freed slot): the type's default
        }
    }

    // Written out type by type rather than Array.CreateInstance(type, …), which NativeAOT cannot promise for any type.
    private static Array? CreateTyped(Type type, int length) =>
        type == typeof(int) ? new int[length] :
        type == typeof(long) ? new long[length] :
        type == typeof(short) ? new short[length] :
        type == typeof(byte) ? new byte[length] :
        type == typeof(float) ? new float[length] :
        type == typeof(double) ? new double[length] :
        type == typeof(decimal) ? new decimal[length] :
        type == typeof(bool) ? new bool[length] :
        type == typeof(Guid) ? new Guid[length] :
        type == typeof(DateTime) ? new DateTime[length] :
        type == typeof(DateTimeOffset) ? new DateTimeOffset[length] :
        type == typeof(DateOnly) ? new DateOnly[length] :
        type == typeof(TimeOnly) ? new TimeOnly[length] :
        null;
}
