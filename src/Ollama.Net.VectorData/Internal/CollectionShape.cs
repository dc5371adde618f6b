using System.Text;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Ollama.Net.VectorData.Internal;

/// <summary>What a collection stores, taken from its model: the stored values (key, then data) and the vector properties.</summary>
internal sealed class CollectionShape
{
    public CollectionShape(CollectionModel model)
    {
        Values = [(model.KeyProperty.ModelName, model.KeyProperty.Type), .. model.DataProperties.Select(p => (p.ModelName, p.Type))];
        Vectors = [.. model.VectorProperties.Select(v => new VectorShape(v.ModelName, v.Dimensions, ModelBuilder.KindOf(v), ModelBuilder.DistanceOf(v), v.EmbeddingType != v.Type))];
        Columns = Values.Select((value, i) => (value.Name, i)).ToDictionary(c => c.Name, c => c.i);
        var signature = new StringBuilder();
        foreach ((string name, Type type) in Values)
        {
            signature.Append(name).Append(':').Append(type.FullName).Append(';');
        }

        foreach (VectorShape vector in Vectors)
        {
            signature.Append(vector.Name).Append(':').Append(vector.Dimensions).Append(':').Append(vector.Kind).Append(':').Append(vector.Distance)
                .Append(vector.Generated ? ":generated;" : ";");
        }

        Signature = signature.ToString();
    }

    /// <summary>The stored values of a record: the key first, then the data properties.</summary>
    public (string Name, Type Type)[] Values { get; }

    public VectorShape[] Vectors { get; }

    /// <summary>The position of each key or data property in <see cref="Values"/>, by model name.</summary>
    public IReadOnlyDictionary<string, int> Columns { get; }

    /// <summary>Names, types, dimensions, index kinds and distance functions in one string: equal shapes, equal signatures.</summary>
    public string Signature { get; }
}

/// <summary>One vector property as stored; <paramref name="Generated"/>: its vectors are embedded from the property's input (text).</summary>
internal sealed record VectorShape(string Name, int Dimensions, string Kind, string Distance, bool Generated);
