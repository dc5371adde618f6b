using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>How much of a block of memory Linux backs with 2 MB pages, read from <c>/proc/self/smaps</c>.</summary>
internal static class HugePageShare
{
    /// <summary>
    /// The share of <paramref name="bytes"/> in huge pages (the <c>AnonHugePages</c> of the mappings it overlaps, at
    /// most its length); null where there is no <c>/proc/self/smaps</c>.
    /// </summary>
    public static unsafe double? Of(ReadOnlySpan<byte> bytes)
    {
        const string Path = "/proc/self/smaps";
        if (bytes.IsEmpty || !File.Exists(Path))
        {
            return null;
        }

        ulong first = (ulong)Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes)), last = first + (ulong)bytes.Length;
        bool overlaps = false;
        long huge = 0;
        foreach (string line in File.ReadLines(Path))
        {
            if (MappingRange(line) is var (start, end))
            {
                overlaps = start < last && first < end;
            }
            else if (overlaps && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                huge += long.Parse(line.AsSpan("AnonHugePages:".Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Math.Min(1.0, huge / (double)bytes.Length);
    }

    /// <summary>The address range of a mapping's header line (<c>start-end perms …</c>); null for a field line.</summary>
    private static (ulong Start, ulong End)? MappingRange(string line)
    {
        int dash = line.IndexOf('-'), space = line.IndexOf(' ');
        return dash > 0 && space > dash
            && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong start)
            && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong end)
            ? (start, end)
            : null;
    }
}
