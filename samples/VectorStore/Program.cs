// VectorStore: the tutorial's poems as records in a Microsoft.Extensions.VectorData store (Ollama.Net.VectorData).
// 1. Stores every sentence of 念奴娇·赤壁怀古 and 水调歌头 (Su Shi), 声声慢 (Li Qingzhao) and 沁园春·雪 (Mao Zedong) as a
//    record with its author and title; the store embeds the text with Ollama (IEmbeddingGenerator from
//    Ollama.Net.Extensions.AI).
// 2. Searches them by meaning, then only among one author's sentences (a filter), then lists records by a filter.
// 3. With --directory, the collection is saved there and loaded again by the next run.
// Run: dotnet run --project samples/VectorStore [-- --model all-minilm] [--author 苏轼] [--directory ./poems-db] [--offline]
using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Ollama.Net.Extensions.AI;
using Ollama.Net.VectorData;
using Samples.Common;
using Spectre.Console;

string[] queries = ["思念远方的亲人", "古代的英雄人物", "孤独的秋天，一个人喝酒发愁"];

var app = new SampleApp("VectorStore", "Stores the poems' sentences in a vector store and searches them, also by author.",
    "all-minilm", OfflineScenarios.Embeddings, ModelKind.Embedding);
var authorOption = new Option<string>("--author") { Description = "The poet whose sentences the filtered search keeps.", DefaultValueFactory = _ => "苏轼" };
var directoryOption = new Option<string?>("--directory") { Description = "Keep the collection in this folder (loaded again by the next run)." };
app.Command.Options.Add(authorOption);
app.Command.Options.Add(directoryOption);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var console = ctx.Console;
    IEmbeddingGenerator<string, Embedding<float>> embedder = ctx.Client.AsIEmbeddingGenerator(ctx.Model);
    int dimensions = (await embedder.GenerateAsync("维度", cancellationToken: cancellationToken)).Vector.Length;

    // The record type has the attributes; the definition adds the model's dimensions, known only at run time.
    var definition = new VectorStoreCollectionDefinition
    {
        Properties = [new VectorStoreVectorProperty(nameof(Line.Text), typeof(string), dimensions)],
    };
    string? directory = parse.GetValue(directoryOption);
    using var store = new EmbeddingIndexVectorStore(new() { EmbeddingGenerator = embedder, Directory = directory });
    var lines = store.GetCollection<int, Line>("poem-lines", definition);

    console.Section("1. The poems' sentences as records");
    bool existed = await lines.CollectionExistsAsync(cancellationToken);
    await lines.EnsureCollectionExistsAsync(cancellationToken);
    var records = Poems.All
        .SelectMany(p => p.Sentences.Select(s => (Poem: p, Sentence: s)))
        .Select((x, i) => new Line { Id = i + 1, Author = x.Poem.Author, Title = x.Poem.Title, Text = x.Sentence })
        .ToList();
    await lines.UpsertAsync(records, cancellationToken);   // one embedding request for every sentence
    int count = await lines.GetAsync(l => true, int.MaxValue, cancellationToken: cancellationToken).CountAsync(cancellationToken);
    console.Note($"Stored {count} sentences of {Poems.All.Count} poems ({dimensions} dimensions from {ctx.Model})"
        + (directory is null ? ", in memory." : existed ? $", in {directory} (loaded from the last run, then upserted again)." : $", in {directory}."));

    console.Section("2. Search by meaning, then only one poet's sentences");
    string author = parse.GetValue(authorOption)!;
    foreach (string query in queries)
    {
        await ShowAsync(console, $"Query: {query}", lines.SearchAsync(query, 3, cancellationToken: cancellationToken));
        var byAuthor = new VectorSearchOptions<Line> { Filter = l => l.Author == author };
        await ShowAsync(console, $"Only {author}: {query}", lines.SearchAsync(query, 3, byAuthor, cancellationToken));
    }

    console.Section("3. Records by filter");
    var titles = await lines.GetAsync(l => l.Author == author && l.Id <= 40, 100, cancellationToken: cancellationToken)
        .Select(l => l.Title).Distinct().ToListAsync(cancellationToken);
    console.MarkupLine($"Poems by {Markup.Escape(author)}: {Markup.Escape(string.Join("、", titles))}");
    try
    {
        await lines.GetAsync(l => l.Text.StartsWith("明月"), 5, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
    }
    catch (NotSupportedException e)
    {
        console.Note("A filter a database could not run is refused at once: " + e.Message);
    }

    if (ctx.IsOffline)
    {
        console.Note("Offline: the simulated embedder hashes character n-grams, so sentences that share characters score high; "
            + "a real model also matches meaning.");
    }

    return 0;
});

static async Task ShowAsync(IAnsiConsole console, string title, IAsyncEnumerable<VectorSearchResult<Line>> results)
{
    var table = new Table().Border(TableBorder.Simple).Title($"[bold]{Markup.Escape(title)}[/]")
        .AddColumn(new TableColumn("Score").RightAligned()).AddColumn("Poet").AddColumn("Poem").AddColumn("Sentence");
    await foreach (var hit in results)
    {
        table.AddRow((hit.Score ?? 0).ToString("0.000", CultureInfo.InvariantCulture), Markup.Escape(hit.Record.Author),
            Markup.Escape(hit.Record.Title), Markup.Escape(hit.Record.Text));
    }

    console.Write(table);
}

/// <summary>One sentence of a poem, as stored. Text is the vector property (declared by the definition above, with the
/// model's dimensions): the store embeds it with its generator.</summary>
internal sealed class Line
{
    [VectorStoreKey]
    public int Id { get; set; }

    [VectorStoreData]
    public string Author { get; set; } = "";

    [VectorStoreData]
    public string Title { get; set; } = "";

    public string Text { get; set; } = "";
}
