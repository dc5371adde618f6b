using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ollama.Net.Numerics;

/// <summary>
/// Sixteen floats held in the vectors of one width: one <see cref="Vector512{T}"/>, two <see cref="Vector256{T}"/> or
/// four <see cref="Vector128{T}"/>. Kernels written once over this interface run on every width; lane j of the
/// sixteen always accumulates elements j, j + 16, j + 32, … with a fused multiply-add (where the machine has FMA), and
/// <see cref="Sum"/> adds the lanes in one fixed order, so every width gives bitwise the same result.
/// </summary>
internal interface IFloatLanes<TSelf>
    where TSelf : struct, IFloatLanes<TSelf>
{
    /// <summary>Rows the register-blocked kernel scores at once: as many as fit in the registers beside the query.</summary>
    static abstract int BlockRows { get; }

    /// <summary>Rows the several-queries kernel scores against two queries at once (0: one query at a time).</summary>
    static abstract int MultiRows { get; }

    /// <summary>Loads sixteen floats from <c>source[index ..]</c>.</summary>
    static abstract TSelf Load(ref float source, nuint index);

    /// <summary><c>x·y + addend</c> per lane (fused where FMA exists).</summary>
    static abstract TSelf MultiplyAdd(TSelf x, TSelf y, TSelf addend);

    /// <summary><c>x + y</c> per lane.</summary>
    static abstract TSelf Add(TSelf x, TSelf y);

    /// <summary>The sum of the sixteen lanes: lanes j and j + 8 first, then j and j + 4, then the last four.</summary>
    static abstract float Sum(TSelf x);
}

/// <summary>Sixteen floats in one 512-bit vector.</summary>
internal readonly struct Lanes512(Vector512<float> v) : IFloatLanes<Lanes512>
{
    private readonly Vector512<float> _v = v;

    public static int BlockRows => 4;

    /// <summary>4 rows × 2 queries: 8 accumulators of the 32 registers.</summary>
    public static int MultiRows => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(ref float source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 MultiplyAdd(Lanes512 x, Lanes512 y, Lanes512 addend) => new(Vector512.MultiplyAddEstimate(x._v, y._v, addend._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Add(Lanes512 x, Lanes512 y) => new(x._v + y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Lanes512 x)
    {
        Vector256<float> half = x._v.GetLower() + x._v.GetUpper();
        return Vector128.Sum(half.GetLower() + half.GetUpper());
    }
}

/// <summary>Sixteen floats in two 256-bit vectors (lanes 0–7, 8–15).</summary>
internal readonly struct Lanes256(Vector256<float> low, Vector256<float> high) : IFloatLanes<Lanes256>
{
    private readonly Vector256<float> _low = low;
    private readonly Vector256<float> _high = high;

    public static int BlockRows => 4;

    /// <summary>2 rows × 2 queries: 8 accumulators of the 16 registers AVX2 has.</summary>
    public static int MultiRows => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(ref float source, nuint index) =>
        new(Vector256.LoadUnsafe(ref source, index), Vector256.LoadUnsafe(ref source, index + 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 MultiplyAdd(Lanes256 x, Lanes256 y, Lanes256 addend) => new(
        Vector256.MultiplyAddEstimate(x._low, y._low, addend._low),
        Vector256.MultiplyAddEstimate(x._high, y._high, addend._high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Add(Lanes256 x, Lanes256 y) => new(x._low + y._low, x._high + y._high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Lanes256 x)
    {
        Vector256<float> half = x._low + x._high;
        return Vector128.Sum(half.GetLower() + half.GetUpper());
    }
}

/// <summary>Sixteen floats in four 128-bit vectors (lanes 0–3, 4–7, 8–11, 12–15).</summary>
internal readonly struct Lanes128(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d) : IFloatLanes<Lanes128>
{
    private readonly Vector128<float> _a = a;
    private readonly Vector128<float> _b = b;
    private readonly Vector128<float> _c = c;
    private readonly Vector128<float> _d = d;

    /// <summary>Two rows: four rows would need 16 accumulators, all the registers x64 has without AVX-512.</summary>
    public static int BlockRows => 2;

    public static int MultiRows => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Load(ref float source, nuint index) => new(
        Vector128.LoadUnsafe(ref source, index),
        Vector128.LoadUnsafe(ref source, index + 4),
        Vector128.LoadUnsafe(ref source, index + 8),
        Vector128.LoadUnsafe(ref source, index + 12));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 MultiplyAdd(Lanes128 x, Lanes128 y, Lanes128 addend) => new(
        Vector128.MultiplyAddEstimate(x._a, y._a, addend._a),
        Vector128.MultiplyAddEstimate(x._b, y._b, addend._b),
        Vector128.MultiplyAddEstimate(x._c, y._c, addend._c),
        Vector128.MultiplyAddEstimate(x._d, y._d, addend._d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Add(Lanes128 x, Lanes128 y) => new(x._a + y._a, x._b + y._b, x._c + y._c, x._d + y._d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Lanes128 x) => Vector128.Sum((x._a + x._c) + (x._b + x._d));
}
