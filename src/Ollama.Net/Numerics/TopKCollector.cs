using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Ollama.Net.Numerics;

/// <summary>
/// Keeps the best <c>capacity</c> (score, id) pairs seen so far in a binary min-heap laid over caller-owned spans
/// (no allocation). Order: higher score first; equal scores by lower id; NaN ranks below every number.
/// </summary>
internal ref struct TopKCollector
{
    private readonly Span<float> _scores;
    private readonly Span<int> _ids;
    private int _count;

    /// <summary>Creates a collector whose capacity is the (equal, non-zero) length of the two spans.</summary>
    public TopKCollector(Span<float> scores, Span<int> ids)
        : this(scores, ids, 0)
    {
    }

    /// <summary>Resumes a collector whose first <paramref name="count"/> pairs already form a heap (see <see cref="Count"/>).</summary>
    public TopKCollector(Span<float> scores, Span<int> ids, int count)
    {
        Debug.Assert(scores.Length == ids.Length && ids.Length > 0 && count <= ids.Length);
        _scores = scores;
        _ids = ids;
        _count = count;
    }

    /// <summary>How many pairs are held.</summary>
    public readonly int Count => _count;

    /// <summary>How many pairs it keeps at most.</summary>
    public readonly int Capacity => _ids.Length;

    /// <summary>True when <see cref="Count"/> equals the capacity.</summary>
    public readonly bool IsFull => _count == _ids.Length;

    /// <summary>The worst held score; meaningful only when <see cref="IsFull"/>.</summary>
    public readonly float WorstScore => _scores[0];

    /// <summary>True when (<paramref name="sa"/>, <paramref name="ia"/>) ranks before (<paramref name="sb"/>, <paramref name="ib"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Better(float sa, int ia, float sb, int ib)
    {
        if (sa > sb)
        {
            return true;
        }

        if (sa < sb)
        {
            return false;
        }

        // Equal, or at least one NaN.
        bool na = float.IsNaN(sa), nb = float.IsNaN(sb);
        if (na != nb)
        {
            return nb;
        }

        return ia < ib;
    }

    /// <summary>Offers one pair; kept if the collector is not full or the pair beats the worst held one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(float score, int id)
    {
        if (_count < _ids.Length)
        {
            Push(score, id);
        }
        else if (!(score < _scores[0]))
        {
            ReplaceWorstIfBetter(score, id);
        }
    }

    /// <summary>Sorts the held pairs best first, in place, and returns how many there are. The collector is spent afterwards.</summary>
    public int SortDescending()
    {
        for (int end = _count - 1; end > 0; end--)
        {
            Swap(0, end);
            SiftDown(0, end);
        }

        return _count;
    }

    private void Push(float score, int id)
    {
        int i = _count++;
        _scores[i] = score;
        _ids[i] = id;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Better(_scores[parent], _ids[parent], _scores[i], _ids[i]))
            {
                break;
            }

            Swap(parent, i);
            i = parent;
        }
    }

    private void ReplaceWorstIfBetter(float score, int id)
    {
        if (!Better(score, id, _scores[0], _ids[0]))
        {
            return;
        }

        _scores[0] = score;
        _ids[0] = id;
        SiftDown(0, _count);
    }

    private void SiftDown(int i, int n)
    {
        while (true)
        {
            int worst = (2 * i) + 1;
            if (worst >= n)
            {
                return;
            }

            int right = worst + 1;
            if (right < n && Better(_scores[worst], _ids[worst], _scores[right], _ids[right]))
            {
                worst = right;
            }

            if (!Better(_scores[i], _ids[i], _scores[worst], _ids[worst]))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private readonly void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_ids[a], _ids[b]) = (_ids[b], _ids[a]);
    }
}
