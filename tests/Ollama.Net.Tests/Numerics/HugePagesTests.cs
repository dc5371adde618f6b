using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

public class HugePagesTests
{
    /// <summary>Linux built with transparent huge pages (whatever its mode): the advice is accepted there.</summary>
    private static bool Expected => OperatingSystem.IsLinux() && File.Exists("/sys/kernel/mm/transparent_hugepage/enabled");

    [Fact]
    public void Large_row_arrays_are_advised_to_use_huge_pages_on_Linux_and_small_ones_are_not()
    {
        var large = new AlignedArray<float>(16 << 20); // 64 MB
        var small = new AlignedArray<float>(1 << 10);

        Assert.Equal(Expected, large.HugePages);
        Assert.False(small.HugePages);
        if (Expected)
        {
            // The kernel marks an advised mapping "hg" in /proc/self/smaps: the advice reached it.
            Assert.Contains("hg", VmFlagsAt(large.Address + (4u << 20)));
        }

        large.Span.Fill(1f); // usable as any other array
        Assert.Equal(16 << 20, large.Span.Length);
        GC.KeepAlive(small);
    }

    [Fact]
    public void An_index_advises_its_row_blocks_once_they_are_large()
    {
        using var index = new EmbeddingIndex<int>(768, new EmbeddingIndexOptions { InitialCapacity = 10_000, Storage = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary });
        float[] row = Enumerable.Range(0, 768).Select(i => (float)Math.Sin(i)).ToArray();
        index.Add(1, row);

        Assert.Equal(Expected, index.RowBlocksUseHugePages(EmbeddingStorage.Float32)); // 30 MB
        Assert.Equal(Expected, index.RowBlocksUseHugePages(EmbeddingStorage.Int8)); // 7.7 MB
        Assert.False(index.RowBlocksUseHugePages(EmbeddingStorage.Binary)); // 0.96 MB
        Assert.Equal(1, index.Search(row, 1)[0].Key);
    }

    private static string[] VmFlagsAt(nuint address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.HexNumber, null, out ulong start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), System.Globalization.NumberStyles.HexNumber, null, out ulong end))
            {
                inside = start <= address && address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        throw new InvalidOperationException($"No mapping holds 0x{address:x}.");
    }
}
