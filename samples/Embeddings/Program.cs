// Embeddings: the tutorial's comparison of four poems, then a small semantic search.
// 1. Embeds the full texts of 念奴娇·赤壁怀古 and 水调歌头·明月几时有 (Su Shi), 声声慢 (Li Qingzhao) and 沁园春·雪
//    (Mao Zedong) in one /api/embed call and draws their pairwise cosine similarities (EmbeddingMath) as a heatmap
//    (colours in a terminal; shade blocks when output is redirected or NO_COLOR is set).
// 2. Puts every sentence of the four poems in an EmbeddingIndex and finds the closest sentences to a few queries.
// Run: dotnet run --project samples/Embeddings [-- --model all-minilm] [--query "思念远方的亲人"] [--top 3] [--offline]
using System.CommandLine;
using System.Globalization;
using Ollama.Net;
using Ollama.Net.Numerics;
using Samples.Common;
using Spectre.Console;

string[] defaultQueries = ["思念远方的亲人", "北方的冰雪风光", "古代的英雄人物", "孤独的秋天，一个人喝酒发愁"];

var app = new SampleApp("Embeddings", "Compares four Chinese poems by embedding similarity, then searches their sentences.",
    "all-minilm", OfflineScenarios.Embeddings, ModelKind.Embedding);
var queryOption = new Option<string[]>("--query", "-q")
{
    Description = "A search query (repeat for several). Default: four queries about the poems' themes.",
    AllowMultipleArgumentsPerToken = false,
};
var topOption = new Option<int>("--top") { Description = "How many sentences to show per query.", DefaultValueFactory = _ => 3 };
app.Command.Options.Add(queryOption);
app.Command.Options.Add(topOption);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var console = ctx.Console;
    var poems = Poems.All;

    // 1. The similarity matrix of the four poems.
    console.Section("1. Four poems, one embedding each");
    var poemTable = new Table().Border(TableBorder.Rounded).AddColumns("Poem", "Poet", "Characters");
    foreach (var poem in poems)
    {
        poemTable.AddRow(Markup.Escape(poem.Title), Markup.Escape($"{poem.Author} ({poem.AuthorLatin})"), poem.Text.Length.ToString(CultureInfo.InvariantCulture));
    }

    console.Write(poemTable);
    var embedded = await ctx.Client.EmbedAsync(ctx.Model, poems.Select(p => p.Text), cancellationToken);
    var dims = embedded.Dimensions;
    console.Note($"{embedded.Embeddings.Count} vectors of {dims} dimensions from {ctx.Model} in {embedded.TotalDuration?.TotalMilliseconds:0} ms.");

    var n = poems.Count;
    var matrix = new float[n * n];
    EmbeddingMath.CosineSimilarityMatrix(embedded.Buffer.Span, embedded.Buffer.Span, dims, matrix);

    // The matrix as a heatmap: the colour scale runs over the off-diagonal values (the diagonal is always 1).
    var (lo, hi) = OffDiagonalRange(matrix, n);
    var titles = poems.Select(p => p.ShortTitle).ToList();
    console.MarkupLine($"[bold]Pairwise cosine similarity[/] [grey]({Markup.Escape(ctx.Model)}, {dims} dimensions)[/]");
    console.Write(Heatmap.Create(console, matrix, titles, titles, lo, hi));
    console.Write(Heatmap.Legend(console, lo, hi));
    console.WriteLine();

    var pairs = (from i in Enumerable.Range(0, n)
                 from j in Enumerable.Range(i + 1, n - i - 1)
                 select (A: poems[i], B: poems[j], Score: matrix[(i * n) + j])).OrderByDescending(p => p.Score).ToList();
    console.MarkupLine($"Most similar:  [green]{Markup.Escape(pairs[0].A.Title)}[/] and [green]{Markup.Escape(pairs[0].B.Title)}[/] ({pairs[0].Score:0.000})");
    console.MarkupLine($"Least similar: [red]{Markup.Escape(pairs[^1].A.Title)}[/] and [red]{Markup.Escape(pairs[^1].B.Title)}[/] ({pairs[^1].Score:0.000})");
    console.Note("Cosine similarity is 1 for the same direction and near 0 for unrelated texts. A model trained mostly on English "
        + "(all-minilm) tends to rate any two Chinese texts as alike; compare with a multilingual model: --model bge-m3.");

    // 2. Semantic search over the poems' sentences.
    console.Section("2. Semantic search with EmbeddingIndex");
    var sentences = poems.SelectMany(p => p.Sentences.Select(s => (Poem: p, Sentence: s))).ToList();
    var sentenceVectors = await ctx.Client.EmbedAsync(ctx.Model, sentences.Select(s => s.Sentence), cancellationToken);
    using var index = new EmbeddingIndex<int>(sentenceVectors.Dimensions);
    index.AddRange(Enumerable.Range(0, sentences.Count).ToArray(), sentenceVectors.Embeddings);
    console.Note($"Indexed {index.Count} sentences of the four poems ({index.Dimensions} dimensions, {index.Storage} storage).");

    var queries = parse.GetValue(queryOption) is { Length: > 0 } given ? given : defaultQueries;
    var top = Math.Clamp(parse.GetValue(topOption), 1, index.Count);
    var queryVectors = await ctx.Client.EmbedAsync(ctx.Model, queries, cancellationToken);
    var results = index.SearchMany(queryVectors.Embeddings, top);
    for (var q = 0; q < queries.Length; q++)
    {
        var hits = new Table().Border(TableBorder.Simple).Title($"[bold]Query:[/] {Markup.Escape(queries[q])}")
            .AddColumn("#").AddColumn(new TableColumn("Score").RightAligned()).AddColumn("Poem").AddColumn("Sentence");
        var rank = 1;
        foreach (var hit in results[q])
        {
            var (poem, sentence) = sentences[hit.Key];
            hits.AddRow(rank++.ToString(CultureInfo.InvariantCulture), hit.Score.ToString("0.000", CultureInfo.InvariantCulture),
                Markup.Escape(poem.ShortTitle), Markup.Escape(sentence));
        }

        console.Write(hits);
    }

    if (ctx.IsOffline)
    {
        console.Note("Offline: the simulated embedder hashes character n-grams, so sentences that share characters score high; "
            + "a real model also matches meaning.");
    }

    return 0;
});

static (float Low, float High) OffDiagonalRange(float[] matrix, int n)
{
    var low = float.MaxValue;
    var high = float.MinValue;
    for (var i = 0; i < n; i++)
    {
        for (var j = 0; j < n; j++)
        {
            if (i != j)
            {
                low = Math.Min(low, matrix[(i * n) + j]);
                high = Math.Max(high, matrix[(i * n) + j]);
            }
        }
    }

    return (low, high);
}
