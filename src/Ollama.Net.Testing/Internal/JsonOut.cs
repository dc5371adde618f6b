using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ollama.Net.Testing.Internal;

/// <summary>Writes JSON the way Ollama's Go server does (compact, Go string escaping, fields in struct order).</summary>
internal static class JsonOut
{
    public const string DefaultSigninUrl =
        "https://ollama.com/connect?name=ollama-test-server&key=c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSVBUZXN0S2V5";

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = GoJsonEncoder.Instance, Indented = false };

    public static readonly JsonSerializerOptions NodeOptions = new() { Encoder = GoJsonEncoder.Instance, WriteIndented = false };

    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Error(string message, string? signinUrl) => Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        if (signinUrl is not null)
        {
            w.WriteString("signin_url", signinUrl);
        }

        w.WriteEndObject();
    });

    public static string ErrorText(string message, string? signinUrl) => Encoding.UTF8.GetString(Error(message, signinUrl));

    /// <summary>Writes <c>"name": value</c> only when the string is not empty (Go omitempty).</summary>
    public static void OmitEmpty(this Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>Writes <c>"name": value</c> only when the number is not zero (Go omitempty).</summary>
    public static void OmitZero(this Utf8JsonWriter w, string name, long value)
    {
        if (value != 0)
        {
            w.WriteNumber(name, value);
        }
    }

    public static void WriteNode(this Utf8JsonWriter w, string name, JsonNode? node)
    {
        w.WritePropertyName(name);
        if (node is null)
        {
            w.WriteNullValue();
        }
        else
        {
            node.WriteTo(w);
        }
    }

    public static void WriteDetails(this Utf8JsonWriter w, TestModel m, bool withParent = true)
    {
        w.WriteStartObject("details");
        w.WriteString("parent_model", withParent ? m.ParentModel : string.Empty);
        w.WriteString("format", m.Format);
        w.WriteString("family", m.Family);
        if (m.FamilyList.Count == 0)
        {
            // A nil Go slice without omitempty.
            w.WriteNull("families");
        }
        else
        {
            w.WriteStartArray("families");
            foreach (var f in m.FamilyList)
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
        }
        w.WriteString("parameter_size", m.ParameterSize);
        w.WriteString("quantization_level", m.QuantizationLevel);
        w.OmitZero("context_length", m.ContextLength);
        w.OmitZero("embedding_length", m.EmbeddingLength);
        w.WriteEndObject();
    }

    public static void WriteCapabilities(this Utf8JsonWriter w, TestModel m)
    {
        var caps = m.CapabilityNames().ToList();
        if (caps.Count == 0)
        {
            return;
        }

        w.WriteStartArray("capabilities");
        foreach (var c in caps)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
    }
}
