using System.Text.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public class EmbedTests
{
    private static float[][] Vectors(JsonElement json) =>
        [.. json.GetProperty("embeddings").EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetSingle()).ToArray())];

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    [Fact]
    public async Task Embed_returns_l2_normalized_vectors_of_the_model_length_with_metrics()
    {
        await using var server = await Wire.StartAsync(Wire.Embedder("e", 384));
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/embed", """{"model":"e","input":["hello world","another text"]}""");

        Assert.Equal(200, r.Status);
        var vectors = Vectors(r.Json);
        Assert.Equal(2, vectors.Length);
        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        Assert.All(vectors, v => Assert.InRange(Norm(v), 0.999, 1.001));
        Assert.Equal("e", r.Json.Str("model"));
        Assert.True(r.Json.GetProperty("prompt_eval_count").GetInt32() > 0);
        Assert.True(r.Json.GetProperty("total_duration").GetInt64() > 0);
        Assert.Equal(["e:latest"], server.LoadedModels);
    }

    [Fact]
    public async Task Embeddings_are_deterministic_and_match_TestEmbeddings()
    {
        await using var server = await Wire.StartAsync(Wire.Embedder("e", 64));
        using var http = Wire.Client(server);
        var a = Vectors((await Wire.PostAsync(http, "/api/embed", """{"model":"e","input":"same text"}""")).Json)[0];
        var b = Vectors((await Wire.PostAsync(http, "/api/embed", """{"model":"e","input":["same text"]}""")).Json)[0];
        Assert.Equal(a, b);
        Assert.Equal(TestEmbeddings.Generate("same text", 64), a);
    }

    [Fact]
    public async Task Similar_texts_are_closer_than_dissimilar_ones()
    {
        await using var server = await Wire.StartAsync(Wire.Embedder("e", 384));
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/embed", """
            {"model":"e","input":[
              "The cat sat on the mat.",
              "A cat was sitting on the mat",
              "Stock markets fell sharply on Monday",
              "我喜欢吃苹果",
              "我很喜欢吃苹果和香蕉",
              "今天股市大幅下跌"]}
            """);
        var v = Vectors(r.Json);
        Assert.True(Cosine(v[0], v[1]) > Cosine(v[0], v[2]) + 0.1, $"{Cosine(v[0], v[1])} vs {Cosine(v[0], v[2])}");
        Assert.True(Cosine(v[3], v[4]) > Cosine(v[3], v[5]) + 0.1, $"{Cosine(v[3], v[4])} vs {Cosine(v[3], v[5])}");
        Assert.True(Cosine(v[0], v[1]) > Cosine(v[0], v[3]));
    }

    [Fact]
    public async Task Dimensions_truncates_and_renormalizes()
    {
        await using var server = await Wire.StartAsync(Wire.Embedder("e", 384));
        using var http = Wire.Client(server);
        var full = Vectors((await Wire.PostAsync(http, "/api/embed", """{"model":"e","input":"truncate me"}""")).Json)[0];
        var cut = Vectors((await Wire.PostAsync(http, "/api/embed", """{"model":"e","input":"truncate me","dimensions":16}""")).Json)[0];
        Assert.Equal(16, cut.Length);
        Assert.InRange(Norm(cut), 0.999, 1.001);
        var prefixNorm = Math.Sqrt(full.Take(16).Sum(x => (double)x * x));
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(full[i] / prefixNorm, cut[i], 5);
        }

        var bigger = Vectors((await Wire.PostAsync(http, "/api/embed", """{"model":"e","input":"x","dimensions":1000}""")).Json)[0];
        Assert.Equal(384, bigger.Length);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("null")]
    public async Task Empty_input_loads_and_returns_no_embeddings(string input)
    {
        await using var server = await Wire.StartAsync(Wire.Embedder("e"));
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/embed", $$"""{"model":"e","input":{{input}}}""");
        Assert.Equal("""{"model":"e","embeddings":[]}""", r.Text);
        Assert.Single(server.LoadedModels);
    }

    [Fact]
    public async Task Truncate_false_rejects_input_longer_than_the_context()
    {
        await using var server = await Wire.StartAsync(new TestModel("tiny") { Capabilities = TestModelCapabilities.Embedding, ContextLength = 8, EmbeddingLength = 8 });
        using var http = Wire.Client(server);
        var text = string.Join(' ', Enumerable.Repeat("word", 50));
        var bad = await Wire.PostAsync(http, "/api/embed", $$"""{"model":"tiny","input":"{{text}}","truncate":false}""");
        Assert.Equal(400, bad.Status);
        Assert.Equal("the input length exceeds the context length", bad.Error);
        var ok = await Wire.PostAsync(http, "/api/embed", $$"""{"model":"tiny","input":"{{text}}"}""");
        Assert.Equal(200, ok.Status);
        Assert.Equal(8, ok.Json.GetProperty("prompt_eval_count").GetInt32());
    }

    [Fact]
    public async Task Legacy_embeddings_returns_an_unnormalized_float64_vector()
    {
        await using var server = await Wire.StartAsync(Wire.Embedder("e", 32));
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/embeddings", """{"model":"e","prompt":"hello there"}""");
        var v = r.Json.GetProperty("embedding").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(32, v.Length);
        Assert.True(Math.Sqrt(v.Sum(x => x * x)) > 1.5);
        Assert.Equal(["embedding"], r.Json.EnumerateObject().Select(p => p.Name));

        var normalized = TestEmbeddings.Generate("hello there", 32);
        var norm = Math.Sqrt(v.Sum(x => x * x));
        Assert.Equal(normalized[0], v[0] / norm, 5);

        var empty = await Wire.PostAsync(http, "/api/embeddings", """{"model":"e","prompt":""}""");
        Assert.Equal("""{"embedding":[]}""", empty.Text);
    }

    [Fact]
    public async Task A_custom_embedding_generator_is_used_and_normalized()
    {
        var options = new OllamaTestServerOptions { EmbeddingGenerator = (text, dims) => [.. Enumerable.Range(0, dims).Select(i => (float)(i + text.Length))] };
        options.Models.Add(Wire.Embedder("e", 3));
        await using var server = await OllamaTestServer.StartAsync(options);
        using var http = Wire.Client(server);
        var v = Vectors((await Wire.PostAsync(http, "/api/embed", """{"model":"e","input":"ab"}""")).Json)[0];
        var n = Math.Sqrt(4 + 9 + 16);
        Assert.Equal([(float)(2 / n), (float)(3 / n), (float)(4 / n)], v);
    }

    [Fact]
    public void TestEmbeddings_rejects_bad_arguments_and_handles_blank_text()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TestEmbeddings.Generate("x", 0));
        Assert.Throws<ArgumentNullException>(() => TestEmbeddings.Generate(null!, 4));
        Assert.All(TestEmbeddings.Generate("   ", 8), x => Assert.Equal(0f, x));
    }
}
