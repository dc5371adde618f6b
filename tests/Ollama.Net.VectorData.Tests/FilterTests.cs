using System.Linq.Expressions;

namespace Ollama.Net.VectorData.Tests;

/// <summary>Filters are translated strictly: what database connectors share works, anything else throws at once.</summary>
public sealed class FilterTests
{
    private static readonly Poem[] Data =
    [
        EmbeddingIndexCollectionTests.NewPoem(1, "Dickinson", [1, 0, 0], lines: 4),
        EmbeddingIndexCollectionTests.NewPoem(2, "Frost", [0.9f, 0.1f, 0], lines: 14),
        EmbeddingIndexCollectionTests.NewPoem(3, "Dickinson", [0, 1, 0], lines: 8),
        EmbeddingIndexCollectionTests.NewPoem(4, "Whitman", [0, 0, 1], lines: 20),
        WithoutAuthor(EmbeddingIndexCollectionTests.NewPoem(5, "", [1, 1, 1], lines: 1)),
    ];

    private static readonly int CapturedLines = 8;

    public static TheoryData<string, Expression<Func<Poem, bool>>> Supported()
    {
        string[] authors = ["Frost", "Whitman"];
        List<string> tags = ["tag2", "nothing"];
        string? none = null;
        int? nullableEight = 8;
        return new()
        {
            { "==", p => p.Lines == 8 },
            { "== reversed", p => 8 == p.Lines },
            { "== string", p => p.Author == "Dickinson" },
            { "== null", p => p.Author == null },
            { "== captured null", p => p.Author == none },
            { "!= null", p => p.Author != null },
            { "!=", p => p.Author != "Dickinson" },
            { "<", p => p.Lines < 8 },
            { "<=", p => p.Lines <= 8 },
            { ">", p => p.Lines > 8 },
            { ">=", p => p.Lines >= 8 },
            { "== nullable", p => p.NullableInt == 2 },
            { "== nullable captured", p => p.Lines == nullableEight },
            { "static field", p => p.Lines == CapturedLines },
            { "decimal", p => p.Decimal > 12m },
            { "date", p => p.DateOnly == new DateOnly(2026, 12, 7) },
            { "guid", p => p.Guid != Guid.Empty },
            { "&&", p => p.Author == "Dickinson" && p.Lines > 4 },
            { "||", p => p.Author == "Frost" || p.Lines == 20 },
            { "!", p => !(p.Lines == 8) },
            { "bool member", p => p.Rhymes },
            { "! bool member", p => !p.Rhymes },
            { "array field Contains", p => p.Tags!.Contains("tag3") },
            { "MemoryExtensions.Contains", p => MemoryExtensions.Contains(p.Tags!, "tag3") },
            { "list field Contains", p => p.Themes!.Contains("theme4") },
            { "inline array Contains", p => new[] { "Frost", "Whitman" }.Contains(p.Author) },
            { "captured array Contains", p => authors.Contains(p.Author!) },
            { "captured list Contains", p => tags.Contains(p.Title!) },
            { "nothing matches", p => p.Lines > 100 },
            { "Any over captured list", p => p.Tags!.Any(t => tags.Contains(t)) },
            { "true", p => true },
        };
    }

    [Theory]
    [MemberData(nameof(Supported))]
    public async Task A_supported_filter_returns_what_LINQ_to_objects_returns(string name, Expression<Func<Poem, bool>> filter)
    {
        Assert.NotNull(name);
        var collection = new EmbeddingIndexCollection<int, Poem>("filters");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Data);
        int[] expected = [.. Data.Where(filter.Compile()).Select(p => p.Id).Order()];

        int[] got = [.. (await collection.GetAsync(filter, 100).Select(p => p.Id).ToListAsync()).Order()];
        int[] searched = [.. (await collection.SearchAsync(new[] { 1f, 2, 3 }, 100, new() { Filter = filter }).Select(r => r.Record.Id).ToListAsync()).Order()];

        Assert.Equal(expected, got);
        Assert.Equal(expected, searched);
    }

    [Fact]
    public async Task A_filter_sees_every_change_as_records_grow_are_deleted_reuse_slots_and_are_replaced()
    {
        // Typed properties are filtered from columns of their own (an int[] for Lines): these must follow every write.
        var collection = new EmbeddingIndexCollection<int, Poem>("changes");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Enumerable.Range(1, 100).Select(i => EmbeddingIndexCollectionTests.NewPoem(i, "A", [1, i, 0], lines: i % 10)));
        await collection.DeleteAsync([.. Enumerable.Range(1, 100).Where(i => i % 7 == 0)]);
        await collection.UpsertAsync(Enumerable.Range(101, 20).Select(i => EmbeddingIndexCollectionTests.NewPoem(i, "B", [1, i, 0], lines: 3)));
        await collection.UpsertAsync(EmbeddingIndexCollectionTests.NewPoem(13, "A", [1, 13, 0], lines: 5));
        await collection.UpsertAsync(EmbeddingIndexCollectionTests.NewPoem(14, "A", [1, 14, 0], lines: 3));
        int[] expected = [.. Enumerable.Range(1, 100).Where(i => i % 7 != 0 && i % 10 == 3 && i != 13).Append(14).Concat(Enumerable.Range(101, 20)).Order()];

        int[] got = [.. (await collection.GetAsync(p => p.Lines == 3, 1000).Select(p => p.Id).ToListAsync()).Order()];
        int[] searched = [.. (await collection.SearchAsync(new[] { 1f, 0, 0 }, 1000, new() { Filter = p => p.Lines == 3 && p.Long > 0 }).Select(r => r.Record.Id).ToListAsync()).Order()];

        Assert.Equal(expected, got);
        Assert.Equal(expected, searched);
    }

    public static TheoryData<string, Expression<Func<Poem, bool>>> Unsupported() => new()
    {
        { "string method", p => p.Author!.StartsWith("D") },
        { "arithmetic", p => p.Lines + 1 == 9 },
        { "property against property", p => p.Lines == p.NullableInt },
        { "method on a constant", p => p.Lines == int.Parse("8") && p.Author!.Length == 5 },
        { "ToUpper", p => p.Author!.ToUpper() == "FROST" },
        { "Count", p => p.Tags!.Count() == 2 },
        { "vector property", p => p.Embedding.Length == 3 },
        { "Contains without a property", p => new[] { 1, 2 }.Contains(3) },
        { "conditional", p => (p.Rhymes ? p.Lines : 0) == 4 },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public async Task Any_other_filter_throws_NotSupportedException_when_search_or_get_is_called(string name, Expression<Func<Poem, bool>> filter)
    {
        Assert.NotNull(name);
        var collection = new EmbeddingIndexCollection<int, Poem>("unsupported");
        await collection.EnsureCollectionExistsAsync();

        // Thrown by the call itself, before the results are enumerated.
        Assert.ThrowsAny<NotSupportedException>(() => collection.GetAsync(filter, 10));
        Assert.ThrowsAny<NotSupportedException>(() => collection.SearchAsync(new[] { 1f, 0, 0 }, 10, new() { Filter = filter }));
    }

    private static Poem WithoutAuthor(Poem poem)
    {
        poem.Author = null;
        poem.Rhymes = true;
        return poem;
    }
}
