using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// USearch (<c>Cloud.Unum.USearch</c>, native C++ with SIMD kernels) as the peer: its HNSW index through the package's
/// managed API, and its exact (brute-force) search through the C function the package ships but does not wrap,
/// <c>usearch_exact_search</c> (signature from USearch's <c>c/usearch.h</c>).
/// </summary>
internal static partial class USearchPeer
{
    private const int ScalarF32 = 1; // usearch_scalar_f32_k
    private const int MetricCos = 1; // usearch_metric_cos_k
    private const int MetricIp = 2; // usearch_metric_ip_k

    /// <summary>
    /// Exact top-k of one query over <paramref name="rows"/> rows that start <paramref name="strideBytes"/> apart; returns
    /// the keys (row numbers). Cosine by default; <paramref name="innerProduct"/> scores by the dot product alone (the
    /// same ranking on unit rows, without the norms).
    /// </summary>
    public static unsafe ulong[] ExactSearch(ReadOnlySpan<float> firstRow, int rows, int strideBytes, ReadOnlySpan<float> query, int dimensions, int k, bool innerProduct = false)
    {
        // The rows continue past the first one (a view of a whole block).
        firstRow = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetReference(firstRow), (int)((long)rows * strideBytes / sizeof(float)));
        var keys = new ulong[k];
        var distances = new float[k];
        nint error = 0;
        fixed (float* data = firstRow)
        fixed (float* q = query)
        fixed (ulong* keysPointer = keys)
        fixed (float* distancesPointer = distances)
        {
            usearch_exact_search(
                data, (nuint)rows, (nuint)strideBytes, q, 1, (nuint)(dimensions * sizeof(float)), ScalarF32, (nuint)dimensions, innerProduct ? MetricIp : MetricCos,
                (nuint)k, 1, keysPointer, (nuint)(k * sizeof(ulong)), distancesPointer, (nuint)(k * sizeof(float)), &error);
        }

        if (error != 0)
        {
            throw new InvalidOperationException("usearch_exact_search failed: " + Marshal.PtrToStringUTF8(error));
        }

        return keys;
    }

    /// <summary>An HNSW index of cosine distance over float32 vectors with USearch's default graph parameters.</summary>
    public static USearchIndex CreateHnsw(int dimensions) => new(MetricKind.Cos, ScalarKind.Float32, (ulong)dimensions, 0, 0, 0, false);

    [LibraryImport("libusearch_c")]
    private static unsafe partial void usearch_exact_search(
        void* dataset, nuint datasetSize, nuint datasetStride,
        void* queries, nuint queriesSize, nuint queriesStride,
        int scalarKind, nuint dimensions, int metricKind, nuint count, nuint threads,
        ulong* keys, nuint keysStride, float* distances, nuint distancesStride, nint* error);
}
