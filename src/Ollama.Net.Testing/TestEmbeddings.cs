using System.Globalization;
using System.Text;
using Ollama.Net.Testing.Internal;

namespace Ollama.Net.Testing;

/// <summary>
/// The deterministic, offline embedding function the <see cref="OllamaTestServer"/> uses by default. It hashes
/// character 1-, 2- and 3-grams (over text elements, so CJK and emoji work) and whole words, projects each onto a
/// fixed pseudo-random direction, sums them, and L2-normalizes the result. Texts sharing many words and character sequences get similar vectors; it knows no meaning.
/// </summary>
public static class TestEmbeddings
{
    /// <summary>Computes the L2-normalized embedding of <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="dimensions">The vector length (at least 1).</param>
    /// <returns>A unit-length vector (all zeros when the text has no letters, digits or symbols).</returns>
    public static float[] Generate(string text, int dimensions)
    {
        var raw = Raw(text, dimensions);
        return Normalize(raw, dimensions);
    }

    /// <summary>
    /// The un-normalized vector (what the legacy <c>/api/embeddings</c> returns): signed, weighted feature counts.
    /// </summary>
    internal static double[] Raw(string text, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var v = new double[dimensions];
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);

        // Text elements with runs of whitespace and punctuation collapsed to one boundary " ".
        var elements = new List<string> { " " };
        foreach (var e in TextTools.TextElements(normalized))
        {
            var c = e[0];
            var isBoundary = char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSeparator(c);
            if (isBoundary)
            {
                if (elements[^1] != " ")
                {
                    elements.Add(" ");
                }
            }
            else
            {
                elements.Add(e);
            }
        }

        if (elements[^1] != " ")
        {
            elements.Add(" ");
        }

        // Count features first, then add each once with a sublinear weight, so frequent letters do not dominate.
        var features = new Dictionary<(ulong Kind, string Text), double>();
        void Count(ulong kind, string feature, double weight) =>
            features[(kind, feature)] = features.TryGetValue((kind, feature), out var w) ? w + weight : weight;

        var sb = new StringBuilder();
        for (var n = 1; n <= 3; n++)
        {
            var weight = n switch { 1 => 0.5, 2 => 1.0, _ => 1.5 };
            for (var i = 0; i + n <= elements.Count; i++)
            {
                sb.Clear();
                var allBoundary = true;
                for (var k = 0; k < n; k++)
                {
                    sb.Append(elements[i + k]);
                    allBoundary &= elements[i + k] == " ";
                }

                if (allBoundary || (n == 1 && elements[i] == " "))
                {
                    continue;
                }

                var gram = sb.ToString();
                Count((ulong)n, gram, n == 1 && !TextTools.IsCjk(gram[0]) ? weight * 0.5 : weight);
            }
        }

        // Whole words (space-delimited), weighted more: shared words matter most.
        sb.Clear();
        foreach (var e in elements)
        {
            if (e == " ")
            {
                if (sb.Length > 0)
                {
                    Count(101, sb.ToString(), 2.0);
                    sb.Clear();
                }
            }
            else
            {
                sb.Append(e);
            }
        }

        foreach (var ((kind, feature), weight) in features)
        {
            Add(v, kind, feature, Math.Log(1 + weight));
        }

        return v;
    }

    /// <summary>Truncates a vector to <paramref name="dimensions"/> and L2-normalizes it.</summary>
    internal static float[] Normalize(ReadOnlySpan<double> raw, int dimensions)
    {
        var n = Math.Min(raw.Length, dimensions);
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += raw[i] * raw[i];
        }

        var result = new float[n];
        if (sum == 0)
        {
            return result;
        }

        var inv = 1.0 / Math.Sqrt(sum);
        for (var i = 0; i < n; i++)
        {
            result[i] = (float)(raw[i] * inv);
        }

        return result;
    }

    private static void Add(double[] v, ulong seed, string feature, double weight)
    {
        // A dense pseudo-random projection: every feature adds a fixed random ±weight pattern over all dimensions, so
        // any prefix of the vector (the `dimensions` truncation) still carries the similarity signal.
        var state = TextTools.Fnv1a(feature, seed * 0x9E3779B97F4A7C15UL);
        for (var i = 0; i < v.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            v[i] += ((z >> 11) * (1.0 / (1UL << 53)) * 2.0 - 1.0) * weight;
        }
    }
}
