using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace Ollama.Net.VectorData.Internal;

/// <summary>The collection model of the store: which key, data and vector types, index kinds and distance functions it takes.</summary>
internal sealed class ModelBuilder() : CollectionModelBuilder(new CollectionModelBuildingOptions { SupportsMultipleVectors = true, RequiresAtLeastOneVector = false })
{
    public const string SupportedKeyTypes = "int, long, string, Guid";

    public const string SupportedVectorTypes = "ReadOnlyMemory<float>, Embedding<float>, float[]";

    public const string SupportedDataTypes =
        "string, int, long, short, byte, float, double, decimal, bool, Guid, DateTime, DateTimeOffset, DateOnly, TimeOnly, their nullable forms, and arrays or List<T> of them";

    public const string SupportedIndexKinds = "Flat, QuantizedFlat, Dynamic, IvfFlat";

    public const string SupportedDistanceFunctions =
        "CosineSimilarity, CosineDistance, DotProductSimilarity, NegativeDotProductSimilarity, EuclideanDistance, EuclideanSquaredDistance";

    private static readonly HashSet<Type> Scalars =
    [
        typeof(string), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(float), typeof(double), typeof(decimal),
        typeof(bool), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly),
    ];

    public static bool IsScalar(Type type) => Scalars.Contains(Nullable.GetUnderlyingType(type) ?? type);

    /// <summary>The element type of an array or <see cref="List{T}"/> of scalars; null for other types.</summary>
    public static Type? ElementOf(Type type)
    {
        Type? element = type.IsArray && type.GetArrayRank() == 1 ? type.GetElementType()
            : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0]
            : null;
        return element is not null && IsScalar(element) ? element : null;
    }

    protected override bool IsDataPropertyTypeValid(Type type, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedDataTypes;
        return IsScalar(type) || ElementOf(type) is not null;
    }

    protected override bool IsVectorPropertyTypeValid(Type type, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedVectorTypes;
        return type == typeof(ReadOnlyMemory<float>) || type == typeof(ReadOnlyMemory<float>?) || type == typeof(Embedding<float>) || type == typeof(float[]);
    }

    protected override void ValidateKeyProperty(KeyPropertyModel keyProperty)
    {
        base.ValidateKeyProperty(keyProperty);
        Type type = keyProperty.Type;
        if (type != typeof(int) && type != typeof(long) && type != typeof(string) && type != typeof(Guid))
        {
            throw new NotSupportedException(
                $"Key property '{keyProperty.ModelName}' has type '{type.Name}'; the EmbeddingIndex store supports keys of type {SupportedKeyTypes}.");
        }
    }

    protected override void ValidateProperty(PropertyModel propertyModel, VectorStoreCollectionDefinition? definition)
    {
        base.ValidateProperty(propertyModel, definition);
        if (propertyModel is VectorPropertyModel vector)
        {
            _ = KindOf(vector);
            _ = DistanceOf(vector);
        }
    }

    /// <summary>The index kind of a vector property (Flat when none is set).</summary>
    public static string KindOf(VectorPropertyModel vector) => vector.IndexKind switch
    {
        null or IndexKind.Flat => IndexKind.Flat,
        IndexKind.QuantizedFlat => IndexKind.QuantizedFlat,
        IndexKind.Dynamic => IndexKind.Dynamic,
        IndexKind.IvfFlat => IndexKind.IvfFlat,
        string other => throw new NotSupportedException(
            $"Index kind '{other}' of vector property '{vector.ModelName}' is not supported by the EmbeddingIndex store; use one of {SupportedIndexKinds}."),
    };

    /// <summary>The distance function of a vector property (CosineSimilarity when none is set).</summary>
    public static string DistanceOf(VectorPropertyModel vector) => vector.DistanceFunction switch
    {
        null => DistanceFunction.CosineSimilarity,
        DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance or DistanceFunction.DotProductSimilarity
            or DistanceFunction.NegativeDotProductSimilarity or DistanceFunction.EuclideanDistance or DistanceFunction.EuclideanSquaredDistance
            => vector.DistanceFunction,
        string other => throw new NotSupportedException(
            $"Distance function '{other}' of vector property '{vector.ModelName}' is not supported by the EmbeddingIndex store; use one of {SupportedDistanceFunctions}."),
    };
}
