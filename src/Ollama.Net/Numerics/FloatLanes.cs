using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ollama.Net.Numerics;

/// <summary>
/// A group of <see cref="Width"/> float lanes held in the vectors of one width: thirty-two in two
/// <see cref="Vector512{T}"/> or four <see cref="Vector256{T}"/>, sixteen in four <see cref="Vector128{T}"/>. Kernels
/// written once over this interface run on every width; lane j always accumulates elements j, j + Width, j + 2·Width, …
/// with a fused multiply-add (where the machine has FMA), and <see cref="Sum"/> adds the lanes in one fixed order. So the
/// 512- and 256-bit paths, the two one process may mix, give bitwise the same result; the 128-bit path (machines
/// without AVX2, Arm64) is the only one in its process and keeps sixteen lanes, which suit its sixteen registers.
/// </summary>
/// <remarks>
/// Why thirty-two lanes on the wide paths: a row's lanes are independent chains of dependent multiply-adds, so a row
/// of sixteen lanes in one 512-bit vector is one chain, and hiding its latency took four rows side by side, read from
/// four places at once. With two vectors per row one row alone keeps the multiply-add units busy, and the rows are read
/// one after another as a single stream, which the caches deliver faster (docs/benchmarks.md).
/// </remarks>
internal interface IFloatLanes<TSelf>
    where TSelf : struct, IFloatLanes<TSelf>
{
    /// <summary>Floats per group: 32 (512- and 256-bit vectors) or 16 (128-bit vectors).</summary>
    static abstract int Width { get; }

    /// <summary>Rows the register-blocked kernel scores at once (1: rows one after another).</summary>
    static abstract int BlockRows { get; }

    /// <summary>
    /// Whether <see cref="BlockRows"/> rows at once also pay for rows beyond L2: they are as many streams from L3,
    /// which some widths read slower than one.
    /// </summary>
    static abstract bool BlockBeyondL2 { get; }

    /// <summary>Rows the several-queries kernel scores against two queries at once (0: one query at a time).</summary>
    static abstract int MultiRows { get; }

    /// <summary>Loads <see cref="Width"/> floats from <c>source[index ..]</c>.</summary>
    static abstract TSelf Load(ref float source, nuint index);

    /// <summary>Loads sixteen floats from <c>source[index ..]</c> into lanes 0–15; the other lanes are zero.</summary>
    static abstract TSelf LoadFirst16(ref float source, nuint index);

    /// <summary><c>x·y + addend</c> per lane (fused where FMA exists).</summary>
    static abstract TSelf MultiplyAdd(TSelf x, TSelf y, TSelf addend);

    /// <summary>
    /// <c>x[index ..]·y[index ..] + addend</c> per lane: the multiply-add of two <see cref="Load"/>s, written so
    /// the JIT folds a load into each multiply-add instead of first filling registers for the whole group.
    /// </summary>
    static abstract TSelf MultiplyAdd(ref float x, ref float y, nuint index, TSelf addend);

    /// <summary>The sum of the lanes: lanes j and j + 16 first (thirty-two lanes), then j and j + 8, then the last eight as <see cref="Vector128.Sum{T}(Vector128{T})"/> of j and j + 4.</summary>
    static abstract float Sum(TSelf x);
}

/// <summary>Thirty-two floats in two 512-bit vectors (lanes 0–15, 16–31).</summary>
internal readonly struct Lanes512(Vector512<float> low, Vector512<float> high) : IFloatLanes<Lanes512>
{
    private readonly Vector512<float> _low = low;
    private readonly Vector512<float> _high = high;

    public static int Width => 32;

    public static int BlockRows => 1;

    public static bool BlockBeyondL2 => false;

    /// <summary>4 rows × 2 queries: 16 accumulators of the 32 registers.</summary>
    public static int MultiRows => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(ref float source, nuint index) =>
        new(Vector512.LoadUnsafe(ref source, index), Vector512.LoadUnsafe(ref source, index + 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 LoadFirst16(ref float source, nuint index) => new(Vector512.LoadUnsafe(ref source, index), default);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 MultiplyAdd(Lanes512 x, Lanes512 y, Lanes512 addend) => new(
        Vector512.MultiplyAddEstimate(x._low, y._low, addend._low),
        Vector512.MultiplyAddEstimate(x._high, y._high, addend._high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 MultiplyAdd(ref float x, ref float y, nuint index, Lanes512 addend) => new(
        Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref x, index), Vector512.LoadUnsafe(ref y, index), addend._low),
        Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref x, index + 16), Vector512.LoadUnsafe(ref y, index + 16), addend._high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Lanes512 x)
    {
        Vector512<float> sixteen = x._low + x._high;
        Vector256<float> eight = sixteen.GetLower() + sixteen.GetUpper();
        return Vector128.Sum(eight.GetLower() + eight.GetUpper());
    }
}

/// <summary>Thirty-two floats in four 256-bit vectors (lanes 0–7, 8–15, 16–23, 24–31).</summary>
internal readonly struct Lanes256(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d) : IFloatLanes<Lanes256>
{
    private readonly Vector256<float> _a = a;
    private readonly Vector256<float> _b = b;
    private readonly Vector256<float> _c = c;
    private readonly Vector256<float> _d = d;

    public static int Width => 32;

    /// <summary>
    /// Two rows, each query load feeding both, while the rows fit in L2: one row at a time waits on its four chains of
    /// multiply-adds, two rows keep eight going (256 rows × 768 in L2: 29.5–33 ns per row against 31–37). Beyond L2 one
    /// row at a time (<see cref="BlockBeyondL2"/>): two rows are two streams from L3, 10 % slower there (docs/benchmarks.md).
    /// </summary>
    public static int BlockRows => 2;

    public static bool BlockBeyondL2 => false;

    /// <summary>1 row × 2 queries: 8 accumulators of the 16 registers AVX2 has.</summary>
    public static int MultiRows => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(ref float source, nuint index) => new(
        Vector256.LoadUnsafe(ref source, index),
        Vector256.LoadUnsafe(ref source, index + 8),
        Vector256.LoadUnsafe(ref source, index + 16),
        Vector256.LoadUnsafe(ref source, index + 24));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 LoadFirst16(ref float source, nuint index) =>
        new(Vector256.LoadUnsafe(ref source, index), Vector256.LoadUnsafe(ref source, index + 8), default, default);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 MultiplyAdd(Lanes256 x, Lanes256 y, Lanes256 addend) => new(
        Vector256.MultiplyAddEstimate(x._a, y._a, addend._a),
        Vector256.MultiplyAddEstimate(x._b, y._b, addend._b),
        Vector256.MultiplyAddEstimate(x._c, y._c, addend._c),
        Vector256.MultiplyAddEstimate(x._d, y._d, addend._d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 MultiplyAdd(ref float x, ref float y, nuint index, Lanes256 addend) => new(
        Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, index), Vector256.LoadUnsafe(ref y, index), addend._a),
        Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, index + 8), Vector256.LoadUnsafe(ref y, index + 8), addend._b),
        Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, index + 16), Vector256.LoadUnsafe(ref y, index + 16), addend._c),
        Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref x, index + 24), Vector256.LoadUnsafe(ref y, index + 24), addend._d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Lanes256 x)
    {
        Vector256<float> eight = (x._a + x._c) + (x._b + x._d);
        return Vector128.Sum(eight.GetLower() + eight.GetUpper());
    }
}

/// <summary>Sixteen floats in four 128-bit vectors (lanes 0–3, 4–7, 8–11, 12–15).</summary>
internal readonly struct Lanes128(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d) : IFloatLanes<Lanes128>
{
    private readonly Vector128<float> _a = a;
    private readonly Vector128<float> _b = b;
    private readonly Vector128<float> _c = c;
    private readonly Vector128<float> _d = d;

    public static int Width => 16;

    /// <summary>
    /// Two rows, each query load feeding both: one row at a time loads the query once per row element, and the 128-bit
    /// path is bound by its loads (four rows would need all 16 registers x64 has without AVX-512 as accumulators).
    /// </summary>
    public static int BlockRows => 2;

    public static bool BlockBeyondL2 => true;

    public static int MultiRows => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Load(ref float source, nuint index) => new(
        Vector128.LoadUnsafe(ref source, index),
        Vector128.LoadUnsafe(ref source, index + 4),
        Vector128.LoadUnsafe(ref source, index + 8),
        Vector128.LoadUnsafe(ref source, index + 12));

    /// <summary>The same as <see cref="Load"/>: a group is sixteen floats here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 LoadFirst16(ref float source, nuint index) => Load(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 MultiplyAdd(Lanes128 x, Lanes128 y, Lanes128 addend) => new(
        Vector128.MultiplyAddEstimate(x._a, y._a, addend._a),
        Vector128.MultiplyAddEstimate(x._b, y._b, addend._b),
        Vector128.MultiplyAddEstimate(x._c, y._c, addend._c),
        Vector128.MultiplyAddEstimate(x._d, y._d, addend._d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 MultiplyAdd(ref float x, ref float y, nuint index, Lanes128 addend) => new(
        Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref x, index), Vector128.LoadUnsafe(ref y, index), addend._a),
        Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref x, index + 4), Vector128.LoadUnsafe(ref y, index + 4), addend._b),
        Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref x, index + 8), Vector128.LoadUnsafe(ref y, index + 8), addend._c),
        Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref x, index + 12), Vector128.LoadUnsafe(ref y, index + 12), addend._d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Lanes128 x) => Vector128.Sum((x._a + x._c) + (x._b + x._d));
}
