namespace Ollama.Net.VectorData.Internal;

/// <summary>
/// One record as stored: its values (the key first, then the data properties in model order), its vectors as given
/// (null where the record has none) and, per vector property, its row in that property's index (-1 for none).
/// </summary>
internal sealed class StoredRecord(object?[] values, float[]?[] vectors)
{
    public object?[] Values { get; set; } = values;

    public float[]?[] Vectors { get; set; } = vectors;

    public int[] Rows { get; } = CreateRows(vectors.Length);

    public object Key => Values[0]!;

    private static int[] CreateRows(int count)
    {
        var rows = new int[count];
        Array.Fill(rows, -1);
        return rows;
    }
}
