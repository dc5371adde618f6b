using System.Runtime.InteropServices;

namespace Ollama.Net.Numerics;

/// <summary>
/// Asks Linux to back large row arrays with 2 MB pages (<c>madvise(MADV_HUGEPAGE)</c>, honoured where transparent
/// huge pages are <c>always</c> or <c>madvise</c>, the default of most distributions), before their memory is first
/// touched.
/// </summary>
/// <remarks>
/// A scan from memory crosses a 4 KB page every 4 KB: a TLB miss each time, and a boundary the hardware prefetcher
/// does not cross. With 2 MB pages a scan of 307 MB took 7-30 % less time (1-bit rows the most), and in a harness the
/// 1-bit kernel's share of a read of the same pages rose from 83-89 % to 89-96 % (docs/benchmarks.md). Elsewhere, or
/// when the call fails, nothing changes: the pages stay 4 KB.
/// </remarks>
internal static partial class TransparentHugePages
{
    /// <summary>Arrays of at least this many bytes are advised (a smaller one spans few pages).</summary>
    public const long MinBytes = 4L << 20;

    private const nuint HugePageSize = 2 << 20;
    private const int MadviseHugePage = 14;

    private static volatile bool s_unavailable;

    /// <summary>
    /// Advises the whole 2 MB pages inside [<paramref name="address"/>, +<paramref name="bytes"/>); true when the
    /// kernel accepted the advice.
    /// </summary>
    public static bool Advise(nuint address, nuint bytes)
    {
        if (!OperatingSystem.IsLinux() || s_unavailable || bytes < MinBytes)
        {
            return false;
        }

        nuint start = (address + HugePageSize - 1) & ~(HugePageSize - 1);
        nuint end = (address + bytes) & ~(HugePageSize - 1);
        if (end <= start)
        {
            return false;
        }

        try
        {
            return Madvise(start, end - start, MadviseHugePage) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            s_unavailable = true; // a libc without madvise under that name: 4 KB pages, as without the advice
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nuint address, nuint length, int advice);
}
