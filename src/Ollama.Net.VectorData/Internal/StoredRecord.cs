namespace Ollama.Net.VectorData.Internal;

/// <summary>
/// One record as stored: its values (the key first, then the data properties in model order), its vectors as given
/// (null where the record has none), the input a generated vector was made from (text, for example; null for vectors
/// given as such) and, per vector property, its row in that property's index (-1 for none).
/// </summary>
internal sealed class StoredRecord(object?[] values, float[]?[] vectors, object?[] sources)
{
    public object?[] Values { get; set; } = values;

    public float[]?[] Vectors { get; set; } = vectors;

    public object?[] Sources { get; set; } = sources;

    public int[] Rows { get; } = CreateRows(vectors.Length);

    public object Key => Values[0]!;

    private static int[] CreateRows(int count)
    {
        var rows = new int[count];
        Array.Fill(rows, -1);
        return rows;
    }
}
