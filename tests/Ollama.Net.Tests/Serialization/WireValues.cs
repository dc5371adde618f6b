using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CsCheck;
using Ollama.Net.Serialization;

namespace Ollama.Net.Tests.Serialization;

/// <summary>
/// Random instances of wire types, built from their source-generated <see cref="JsonTypeInfo"/> metadata: every property
/// of every type reachable from the root gets random values (unicode with escapes, extreme numbers, nulls). A property
/// of a type the generator does not know fails at construction with its path (<c>ChatUpdate.message.images</c>), so a
/// field added to a response type cannot go unchecked. Also compares two decoded instances through the same metadata,
/// and damages serialized JSON the way servers and proxies may (absent fields, explicit nulls, unknown fields).
/// </summary>
internal static class WireValues
{
    /// <summary>Text pieces: ASCII, characters JSON must escape, 2-, 3- and 4-byte UTF-8, line separators.</summary>
    public static readonly Gen<string> Text =
        Gen.OneOf("", "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u001f", "<", "&", "'",
                "é", "ß", "€", "日本", "😀", "𝄞", "\u2028", "\u2029", "\ufeff", "error", "\"error\":", "{\"done\":true}")
            .Array[0, 5]
            .Select(parts => string.Concat(parts));

    /// <summary>Any finite float, with the usual embedding values, zeros, extremes and subnormals more often.</summary>
    public static readonly Gen<float> Float = Gen.Frequency(
        (4, Gen.Int.Select(BitConverter.Int32BitsToSingle).Where(float.IsFinite)),
        (4, Gen.Int[-2_000_000, 2_000_000].Select(i => i / 10_000_000f)),
        (1, Gen.OneOf(0f, -0f, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 1.17549435E-38f, 16777217f, 0.1f, 1f)));

    private static readonly Gen<int> Int32 = Gen.Frequency((3, Gen.Int), (1, Gen.OneOf(0, -1, 1, int.MaxValue, int.MinValue)));

    private static readonly Gen<double> Double = Gen.Frequency(
        (3, Gen.Long.Select(BitConverter.Int64BitsToDouble).Where(double.IsFinite)),
        (2, Gen.Int[-100_000, 0].Select(i => i / 1000.0)),
        (1, Gen.OneOf(0.0, -0.0, double.MaxValue, double.MinValue, double.Epsilon, -1e-320)));

    /// <summary>Durations that survive the nanosecond wire form (whole ticks, |ns| within a long).</summary>
    private static readonly Gen<TimeSpan> Nanoseconds = Gen.Frequency(
        (3, Gen.Long[-long.MaxValue / 100, long.MaxValue / 100].Select(TimeSpan.FromTicks)),
        (1, Gen.OneOf(TimeSpan.Zero, TimeSpan.FromTicks(1), TimeSpan.FromTicks(long.MaxValue / 100), TimeSpan.FromTicks(-long.MaxValue / 100))));

    private static readonly Gen<DateTimeOffset> Timestamp = Gen.Select(
        Gen.Long[DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay],
        Gen.Int[-14 * 60, 14 * 60],
        (ticks, minutes) => new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes)));

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (2, Text.Select(s => JsonSerializer.Serialize(s, OllamaJsonContext.Default.String))),
        (1, Gen.OneOf("true", "false", "null", "0", "-0", "1e400", "-1e-400", "123456789012345678901234567890", "0.1E+5", "-12.5e-3")),
        (1, Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture))));

    /// <summary>Any JSON value, nested a few levels: numbers far outside float and long ranges included.</summary>
    public static readonly Gen<string> AnyJson = Gen.Recursive<string>((depth, inner) => depth >= 3
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (1, inner.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(Text, inner).Array[0, 3].Select(members =>
                "{" + string.Join(",", members.Select(m => JsonSerializer.Serialize(m.Item1, OllamaJsonContext.Default.String) + ":" + m.Item2)) + "}"))));

    /// <summary>A generator of instances of <paramref name="typeInfo"/>'s type, every property filled (or null) at random.</summary>
    public static Gen<object> Instances(JsonTypeInfo typeInfo) => ObjectOf(typeInfo, typeInfo.Type.Name);

    /// <summary>Requires two decoded instances to be equal, property by property through the metadata; names the first difference.</summary>
    public static void AssertEqual(object? expected, object? actual, JsonTypeInfo typeInfo)
    {
        if (Difference(expected, actual, typeInfo.Type, typeInfo.Type.Name) is { } difference)
        {
            throw new Xunit.Sdk.XunitException($"Decoded values differ at {difference}");
        }
    }

    /// <summary>
    /// Damages the JSON of an object of <paramref name="typeInfo"/>'s type, nested objects included: removes properties
    /// (absent), writes JSON null for nullable ones, and inserts unknown properties with any JSON value.
    /// </summary>
    public static void Damage(JsonObject json, JsonTypeInfo typeInfo, Random random)
    {
        foreach (var property in WireProperties(typeInfo))
        {
            var value = json[property.Name];
            if (value is JsonObject child && NestedObjectInfo(property.PropertyType) is { } childInfo)
            {
                Damage(child, childInfo, random);
            }
            else if (value is JsonArray items && NestedObjectInfo(ElementType(property.PropertyType)) is { } itemInfo)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    Damage(item, itemInfo, random);
                }
            }

            switch (random.Next(8))
            {
                case 0:
                    json.Remove(property.Name);
                    break;
                case 1 when IsNullable(property):
                    json[property.Name] = null;
                    break;
            }
        }

        for (var i = random.Next(3); i > 0; i--)
        {
            var name = UnknownNames[random.Next(UnknownNames.Length)] + random.Next(100);
            if (!json.ContainsKey(name))
            {
                json.Insert(random.Next(json.Count + 1), name, JsonNode.Parse(RandomJson(random, depth: 0)));
            }
        }
    }

    private static readonly string[] UnknownNames = ["future", "Model", "DONE", "x\"y", "é", "😀", "messages", "embeddings_v2", "_debug", " "];

    private static string RandomJson(Random random, int depth) => random.Next(depth >= 2 ? 5 : 7) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => JsonSerializer.Serialize(UnknownNames[random.Next(UnknownNames.Length)] + "\n\u2028", OllamaJsonContext.Default.String),
        3 => new[] { "0", "-0", "1e400", "-1e-400", "123456789012345678901234567890", "0.1E+5", "-12.5e-3" }[random.Next(7)],
        4 => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
        5 => "[" + string.Join(",", Enumerable.Range(0, random.Next(3)).Select(_ => RandomJson(random, depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(3)).Select(i => $"\"k{i}\":" + RandomJson(random, depth + 1))) + "}",
    };

    private static Gen<object> ObjectOf(JsonTypeInfo typeInfo, string path)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.CreateObject is null)
        {
            throw new InvalidOperationException($"{path}: {typeInfo.Type.Name} is not an object the generator can create.");
        }

        var properties = WireProperties(typeInfo);
        var values = new Gen<object?>[properties.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var property = properties[i];
            var where = $"{path}.{property.Name}";
            if (property.Set is null)
            {
                throw new InvalidOperationException($"{where}: the property cannot be set; the generator cannot fill it.");
            }

            values[i] = ValueOf(property.PropertyType, IsNullable(property), property.CustomConverter, where);
        }

        return All(values).Select(object (filled) =>
        {
            var instance = typeInfo.CreateObject();
            for (var i = 0; i < filled.Length; i++)
            {
                properties[i].Set!(instance, filled[i]);
            }

            return instance;
        });
    }

    private static Gen<object?> ValueOf(Type type, bool nullable, object? converter, string path)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return OrNull(ValueOf(underlying, false, converter, path));
        }

        if (nullable)
        {
            return OrNull(ValueOf(type, false, converter, path));
        }

        if (converter is NanosecondsConverter)
        {
            return Box(Nanoseconds);
        }

        if (type == typeof(string)) return Box(Text);
        if (type == typeof(bool)) return Box(Gen.Bool);
        if (type == typeof(int)) return Box(Int32);
        if (type == typeof(long)) return Box(Gen.Long);
        if (type == typeof(float)) return Box(Float);
        if (type == typeof(double)) return Box(Double);
        if (type == typeof(DateTimeOffset)) return Box(Timestamp);
        if (type == typeof(MessageRole)) return Box(Gen.Frequency((3, Gen.OneOf(MessageRole.Assistant, MessageRole.User, MessageRole.Tool)), (1, Text.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => new MessageRole(t)))));
        if (type == typeof(DoneReason)) return Box(Gen.Frequency((3, Gen.OneOf(DoneReason.Stop, DoneReason.Length, DoneReason.Load)), (1, Text.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => new DoneReason(t)))));
        if (type == typeof(ImageData)) return Box(Gen.Byte.Array[0, 12].Select(ImageData.FromBytes));
        if (type == typeof(JsonElement)) return Box(AnyJson.Select(json => JsonElement.Parse(json)));
        if (type == typeof(IReadOnlyList<ReadOnlyMemory<float>>))
        {
            return Box(Gen.Int[0, 6].SelectMany(dimensions => Float.Array[dimensions].Array[0, 4])
                .Select(IReadOnlyList<ReadOnlyMemory<float>> (vectors) => vectors.Select(v => new ReadOnlyMemory<float>(v)).ToList()));
        }

        if (NestedObjectInfo(type) is { } objectInfo)
        {
            return ObjectOf(objectInfo, path).Select(object? (o) => o);
        }

        if (ElementType(type) is { } elementType && type.IsAssignableFrom(typeof(List<>).MakeGenericType(elementType)))
        {
            var element = ValueOf(elementType, false, null, path + "[]");
            return element.Array[0, 3].Select(object? (items) =>
            {
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
                foreach (var item in items)
                {
                    list.Add(item);
                }

                return list;
            });
        }

        throw new InvalidOperationException(
            $"{path}: no random values for {type.Name}. Teach {nameof(WireValues)} (and every fast path that decodes this type) about it.");
    }

    private static string? Difference(object? expected, object? actual, Type type, string path)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: {Show(expected)} vs {Show(actual)}";
        }

        switch (expected)
        {
            case float e when actual is float a:
                return BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a) ? null : $"{path}: {e:R} vs {a:R}";
            case double e when actual is double a:
                return BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a) ? null : $"{path}: {e:R} vs {a:R}";
            case string or bool or int or long or TimeSpan or MessageRole or DoneReason:
                return Equals(expected, actual) && expected.ToString() == actual.ToString() ? null : $"{path}: {Show(expected)} vs {Show(actual)}";
            case DateTimeOffset e when actual is DateTimeOffset a:
                return e == a && e.Offset == a.Offset ? null : $"{path}: {e:O} vs {a:O}";
            case ImageData e when actual is ImageData a:
                return e.Bytes.Span.SequenceEqual(a.Bytes.Span) ? null : $"{path}: image bytes differ";
            case JsonElement e when actual is JsonElement a:
                return JsonElement.DeepEquals(e, a) ? null : $"{path}: {e.GetRawText()} vs {a.GetRawText()}";
            case ReadOnlyMemory<float> e when actual is ReadOnlyMemory<float> a:
                return Difference(e.ToArray(), a.ToArray(), typeof(float[]), path);
        }

        if (NestedObjectInfo(type) is { } info)
        {
            foreach (var property in WireProperties(info))
            {
                if (Difference(property.Get!(expected), property.Get!(actual), property.PropertyType, $"{path}.{property.Name}") is { } difference)
                {
                    return difference;
                }
            }

            return null;
        }

        if (expected is IEnumerable expectedItems && actual is IEnumerable actualItems)
        {
            var e = expectedItems.Cast<object?>().ToList();
            var a = actualItems.Cast<object?>().ToList();
            if (e.Count != a.Count)
            {
                return $"{path}: {e.Count} items vs {a.Count}";
            }

            var elementType = ElementType(type) ?? typeof(object);
            return e.Zip(a).Select((pair, i) => Difference(pair.First, pair.Second, elementType, $"{path}[{i}]")).FirstOrDefault(d => d is not null);
        }

        throw new InvalidOperationException($"{path}: no comparison for {type.Name}. Teach {nameof(WireValues)} about it.");
    }

    /// <summary>The properties on the wire: all but the <c>[JsonIgnore]</c> ones (which the metadata lists without accessors).</summary>
    private static List<JsonPropertyInfo> WireProperties(JsonTypeInfo typeInfo)
        => typeInfo.Properties.Where(p => p.Get is not null || p.Set is not null).ToList();

    private static JsonTypeInfo? NestedObjectInfo(Type? type)
        => type is not null && OllamaJsonContext.Default.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Object } info ? info : null;

    private static Type? ElementType(Type type)
        => type.IsArray ? type.GetElementType()
            : type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(IEnumerable<>).MakeGenericType(element).IsAssignableFrom(type) ? element
            : null;

    private static bool IsNullable(JsonPropertyInfo property)
        => Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsSetNullable);

    private static Gen<object?> Box<T>(Gen<T> gen) => gen.Select(object? (value) => value);

    private static Gen<object?> OrNull(Gen<object?> gen) => Gen.Frequency((1, Gen.Bool.Select(object? (_) => null)), (3, gen));

    private static Gen<object?[]> All(Gen<object?>[] gens)
    {
        Gen<object?[]> all = Gen.Const(Array.Empty<object?>());
        foreach (var gen in gens)
        {
            all = Gen.Select(all, gen, object?[] (values, value) => [.. values, value]);
        }

        return all;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s, OllamaJsonContext.Default.String),
        _ => value.ToString() ?? "?",
    };
}
