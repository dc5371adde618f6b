using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CsCheck;
using Ollama.Net.Serialization;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Serialization;

/// <summary>
/// The wire has one description, the source-generated <see cref="OllamaJsonContext"/>. The fast paths kept beside it, for
/// embedding batches, must read exactly what it reads: <see cref="EmbedResultParser"/> (the reply's number arrays
/// scanned from the bytes) and <see cref="JsonFloatParser"/> (inside <see cref="EmbeddingsConverter"/>, compared with the
/// reader's own <see cref="Utf8JsonReader.GetSingle"/>). Stream lines, read from pooled buffers, must decode exactly as
/// the serializer decodes each line alone. Random instances of every property of every type involved come from the
/// metadata (<see cref="WireValues"/>), so a new field is covered the day it is added, or fails by name.
/// </summary>
public class WireEquivalenceTests
{
    private const long Iterations = 400;

    /// <summary>The contract with the embeddings converter swapped for a plain <see cref="Utf8JsonReader.GetSingle"/> one.</summary>
    private static readonly JsonTypeInfo ReferenceEmbedResult = new JsonSerializerOptions(OllamaJsonContext.Default.Options)
    {
        TypeInfoResolver = OllamaJsonContext.Default.WithAddedModifier(info =>
        {
            foreach (var property in info.Properties.Where(p => p.CustomConverter is EmbeddingsConverter))
            {
                property.CustomConverter = new ReferenceEmbeddingsConverter();
            }
        }),
    }.GetTypeInfo(typeof(EmbedResult));

    /// <summary>Ways a JSON number spells exactly the same float: shortest, 17 digits of the double, 9 digits with an exponent.</summary>
    private static readonly Func<float, string>[] ExactSpellings =
    [
        f => f.ToString("R", CultureInfo.InvariantCulture),
        f => ((double)f).ToString("G17", CultureInfo.InvariantCulture),
        f => f.ToString("E8", CultureInfo.InvariantCulture),
    ];

    /// <summary>Spellings of a nearby value: few digits, a lower-case exponent, more than 19 significant digits, fixed point.</summary>
    private static readonly Func<float, string>[] OtherSpellings =
    [
        f => f.ToString("E2", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal),
        f => f.ToString("E2", CultureInfo.InvariantCulture).Replace("E", "000000000000000000000E", StringComparison.Ordinal),
        f => Math.Abs(f) is > 1e-6f and < 1e6f ? f.ToString("F12", CultureInfo.InvariantCulture) : f.ToString("E3", CultureInfo.InvariantCulture),
    ];

    /// <summary>Number-like text, valid JSON numbers among them; in a vector, each must be read as the contract reads it.</summary>
    private static readonly string[] NotQuiteNumbers =
        ["1.", ".5", "01", "-01", "+1", "1e", "1e+", "-", "1.e5", "NaN", "Infinity", "0x10", "1_0", "--1", "1..2", "\"1\"", "null", "true",
         "1E5", "-0", "0e0", "0.0e-0", "1e-400", "1e400", "123456789012345678901234567890", "4.9e-324"];

    /// <summary>Bytes that break (or keep) the JSON grammar when they replace one byte of a reply.</summary>
    private static readonly byte[] DamageBytes = "[]{},:\"\\-+.0e5 nx\n"u8.ToArray();

    [Fact]
    public void Embed_replies_read_by_the_fast_paths_equal_the_contract_bit_for_bit()
    {
        var typeInfo = OllamaJsonContext.Default.EmbedResult;
        Gen.Select(WireValues.Instances(typeInfo), Gen.Int, Gen.Int[0, 2]).Sample((instance, seed, damage) =>
        {
            var original = (EmbedResult)instance;
            var random = new Random(seed);
            var json = JsonNode.Parse(JsonSerializer.Serialize(original, typeInfo))!.AsObject();

            // The floats spelled the many ways a JSON number can spell them (or spell a value near them).
            var exact = random.Next(2) == 0;
            var spellings = exact ? ExactSpellings : [.. ExactSpellings, .. OtherSpellings];
            var numbers = original.Embeddings.Select(v => v.ToArray().Select(f => spellings[random.Next(spellings.Length)](f)).ToArray()).ToArray();
            if (damage > 1 && numbers.Length > 0 && numbers[0].Length > 0)
            {
                // Text that is almost a number: the fast path must reject exactly what the contract rejects.
                numbers[random.Next(numbers.Length)][random.Next(numbers[0].Length)] = NotQuiteNumbers[random.Next(NotQuiteNumbers.Length)];
            }

            var embeddings = "[" + string.Join(",", numbers.Select(v => "[" + string.Join(",", v) + "]")) + "]";
            json["embeddings"] = JsonNode.Parse("0"); // placeholder: the array text goes in as written, invalid or not
            if (damage > 0)
            {
                WireValues.Damage(json, typeInfo, random);
            }

            var text = json.ToJsonString().Replace("\"embeddings\":0", "\"embeddings\":" + embeddings, StringComparison.Ordinal);
            var bytes = Encoding.UTF8.GetBytes(text);
            if (damage > 1 && random.Next(2) == 0)
            {
                bytes[random.Next(bytes.Length)] = DamageBytes[random.Next(DamageBytes.Length)];
            }

            var contract = Decode(() => JsonSerializer.Deserialize(bytes, typeInfo));
            var fast = Decode(() => EmbedResultParser.Parse(bytes));
            var reference = Decode(() => (EmbedResult?)JsonSerializer.Deserialize(bytes, ReferenceEmbedResult));
            Assert.True(contract.Error is null == fast.Error is null, $"contract: {contract.Error?.Message ?? "read"}; fast path: {fast.Error?.Message ?? "read"}");
            Assert.True(contract.Error is null == reference.Error is null, $"contract: {contract.Error?.Message ?? "read"}; GetSingle: {reference.Error?.Message ?? "read"}");
            if (contract.Error is null)
            {
                WireValues.AssertEqual(contract.Value, fast.Value, typeInfo);
                WireValues.AssertEqual(reference.Value, contract.Value, typeInfo);
                if (exact && damage == 0)
                {
                    WireValues.AssertEqual(original, fast.Value, typeInfo);
                }
            }
        }, iter: Iterations, print: t => JsonSerializer.Serialize((EmbedResult)t.Item1, typeInfo) + $" seed {t.Item2} damage {t.Item3}");
    }

    [Fact]
    public Task Chat_stream_lines_decode_as_the_serializer_decodes_each_line()
        => StreamLinesDecodeAsTheSerializerDoes(
            OllamaJsonContext.Default.ChatUpdate, (client, token) => client.ChatStreamingAsync(new ChatRequest("m", Message.User("q")), token));

    [Fact]
    public Task Generate_stream_lines_decode_as_the_serializer_decodes_each_line()
        => StreamLinesDecodeAsTheSerializerDoes(
            OllamaJsonContext.Default.GenerateUpdate, (client, token) => client.GenerateStreamingAsync(new GenerateRequest { Model = "m", Prompt = "q" }, token));

    [Fact]
    public void A_property_of_a_type_the_generator_does_not_know_fails_by_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => WireValues.Instances(EquivalenceTestJsonContext.Default.UnknownFieldHolder));
        Assert.Contains("UnknownFieldHolder.homepage", error.Message, StringComparison.Ordinal);
    }

    private static Task StreamLinesDecodeAsTheSerializerDoes<T>(JsonTypeInfo<T> typeInfo, Func<OllamaClient, CancellationToken, IAsyncEnumerable<T>> stream)
        where T : GenerationResponse
        => Gen.Select(WireValues.Instances(typeInfo).Array[1, 4], Gen.Int, StreamText.ReadSizes).SampleAsync(async (instances, seed, readSizes) =>
        {
            var random = new Random(seed);
            var lines = new List<string>();
            for (var i = 0; i < instances.Length; i++)
            {
                var json = JsonNode.Parse(JsonSerializer.Serialize((T)instances[i], typeInfo))!.AsObject();
                WireValues.Damage(json, typeInfo, random);
                json["done"] = i == instances.Length - 1; // only the last line ends the stream
                lines.Add(json.ToJsonString());
            }

            var body = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + (random.Next(2) == 0 ? "\n" : "\r\n"))));
            var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(new ChoppedStream(body, readSizes)));
            using var client = TestClient.Create(handler);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

            var updates = new List<T>();
            await foreach (var update in stream(client, timeout.Token))
            {
                updates.Add(update);
            }

            Assert.Equal(lines.Count, updates.Count);
            for (var i = 0; i < lines.Count; i++)
            {
                WireValues.AssertEqual(JsonSerializer.Deserialize(lines[i], typeInfo), updates[i], typeInfo);
            }
        }, iter: Iterations / 2, print: t => string.Join("\n", t.Item1.Select(o => JsonSerializer.Serialize((T)o, typeInfo))));

    private static (EmbedResult? Value, Exception? Error) Decode(Func<EmbedResult?> decode)
    {
        try
        {
            return (decode(), null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (null, ex); // InvalidOperationException: a \u escape of half a surrogate pair, read as a string
        }
    }

    /// <summary>Embeddings read the plain way: each number with <see cref="Utf8JsonReader.GetSingle"/>, one array per vector.</summary>
    private sealed class ReferenceEmbeddingsConverter : JsonConverter<IReadOnlyList<ReadOnlyMemory<float>>>
    {
        public override IReadOnlyList<ReadOnlyMemory<float>> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var vectors = new List<ReadOnlyMemory<float>>();
            Expect(reader.TokenType == JsonTokenType.StartArray);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                Expect(reader.TokenType == JsonTokenType.StartArray);
                var vector = new List<float>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Expect(reader.TokenType == JsonTokenType.Number);
                    vector.Add(reader.GetSingle());
                }

                Expect(vectors.Count == 0 || vectors[0].Length == vector.Count);
                vectors.Add(vector.ToArray());
            }

            return vectors;
        }

        private static void Expect(bool condition)
        {
            if (!condition)
            {
                throw new JsonException("Not an array of equal-length arrays of numbers.");
            }
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<ReadOnlyMemory<float>> value, JsonSerializerOptions options)
            => throw new NotSupportedException();
    }
}

/// <summary>A wire type with a field the generator has no values for.</summary>
internal sealed class UnknownFieldHolder
{
    [JsonPropertyName("homepage")]
    public Uri? Homepage { get; set; }
}

[JsonSerializable(typeof(UnknownFieldHolder))]
internal sealed partial class EquivalenceTestJsonContext : JsonSerializerContext
{
}
