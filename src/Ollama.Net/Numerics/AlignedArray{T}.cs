using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ollama.Net.Numerics;

/// <summary>
/// A pinned managed array whose usable part starts on a 64-byte boundary (one cache line, one AVX-512 vector).
/// </summary>
/// <remarks>
/// Pinned arrays (on the pinned object heap) rather than <c>NativeMemory.AlignedAlloc</c>: the memory can never be
/// freed under a running search (a span or ref into it keeps it alive), so a search racing <c>Dispose</c> cannot read
/// freed memory, and no finalizer is needed.
/// </remarks>
internal sealed class AlignedArray<T>
    where T : unmanaged
{
    /// <summary>The alignment of <see cref="First"/> in bytes.</summary>
    public const int Alignment = 64;

    private readonly T[] _array;
    private readonly int _offset;

    /// <summary>Allocates <paramref name="length"/> elements, not zeroed.</summary>
    public unsafe AlignedArray(int length)
    {
        int slack = Alignment / sizeof(T);
        _array = GC.AllocateUninitializedArray<T>(length + slack, pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        nuint misalignment = address % Alignment;
        _offset = misalignment == 0 ? 0 : (int)((Alignment - misalignment) / (nuint)sizeof(T));
        Length = length;
        HugePages = TransparentHugePages.Advise(Address, (nuint)length * (nuint)sizeof(T));
    }

    /// <summary>Whether the memory was advised to be backed by 2 MB pages (large arrays on Linux; see <see cref="TransparentHugePages"/>).</summary>
    public bool HugePages { get; }

    /// <summary>The number of usable elements.</summary>
    public int Length { get; }

    /// <summary>The first usable element (64-byte aligned).</summary>
    public ref T First => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _offset);

    /// <summary>The address of <see cref="First"/> (stable: the array is pinned).</summary>
    public unsafe nuint Address => (nuint)Unsafe.AsPointer(ref First);

    /// <summary>The usable elements.</summary>
    public Span<T> Span => _array.AsSpan(_offset, Length);

    /// <summary>The largest length that can be allocated.</summary>
    public static unsafe int MaxLength => Array.MaxLength - (Alignment / sizeof(T));
}
