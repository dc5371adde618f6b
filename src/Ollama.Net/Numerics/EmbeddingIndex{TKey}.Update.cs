namespace Ollama.Net.Numerics;

public sealed partial class EmbeddingIndex<TKey>
{
    /// <summary>Searches hold it for reading, writes for writing: no search sees a row half written.</summary>
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Replaces the key and vector of one row (an update in place: the row keeps its number).</summary>
    /// <param name="row">The row number, below <see cref="Count"/>.</param>
    /// <param name="key">The new key of the row.</param>
    /// <param name="vector">The new embedding; <see cref="Dimensions"/> finite elements. It is copied and normalized.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="vector"/> has the wrong length or contains NaN or ±∞.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void SetRow(int row, TKey key, ReadOnlySpan<float> vector)
    {
        ThrowIfDisposed();
        CheckKey(key, nameof(key), -1);
        CheckVector(vector, nameof(vector), -1);
        using LockScope writing = Write();
        ThrowIfDisposed();
        CheckRow(row);
        _ivf?.Remove(row);
        WriteRow(row, key, vector);
    }

    /// <summary>
    /// Removes one row by moving the last row into its place (so the rows stay contiguous and no removed row is ever
    /// scanned): after the call the former last row, if it was not the one removed, has the number <paramref name="row"/>.
    /// </summary>
    /// <param name="row">The row number, below <see cref="Count"/>.</param>
    /// <returns>The former number of the row that now has the number <paramref name="row"/>; <paramref name="row"/> itself when the last row was removed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public int RemoveAt(int row)
    {
        using LockScope writing = Write();
        ThrowIfDisposed();
        CheckRow(row);
        int last = _count - 1;
        Store store = _store;
        Ivf? ivf = _ivf;
        ivf?.Remove(row);
        if (row != last)
        {
            int list = ivf is null ? 0 : ivf.Assignment[last];
            ivf?.Remove(last);
            store.MoveRow(last, row, this);
            if (ivf is not null)
            {
                ivf.Add(row, list, store.Floats!.Span.Slice(row * _floatStride, _dimensions));
            }
        }

        store.Keys[last] = default!;
        _count = last;
        return last;
    }

    /// <summary>Copies the stored unit-length float32 vector of a row (safe while other threads write).</summary>
    /// <param name="row">The row number, below <see cref="Count"/>.</param>
    /// <param name="destination">Receives <see cref="Dimensions"/> elements.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Dimensions"/>.</exception>
    /// <exception cref="InvalidOperationException">The index keeps no <see cref="EmbeddingStorage.Float32"/> rows.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void CopyVector(int row, Span<float> destination)
    {
        if (destination.Length < _dimensions)
        {
            throw new ArgumentException($"The destination has {destination.Length} elements; the index has {_dimensions} dimensions.", nameof(destination));
        }

        using LockScope reading = Read();
        VectorOf(row).CopyTo(destination);
    }

    private LockScope Read()
    {
        _lock.EnterReadLock();
        return new LockScope(_lock, write: false);
    }

    private LockScope Write()
    {
        _lock.EnterWriteLock();
        return new LockScope(_lock, write: true);
    }

    /// <summary>Releases the read or write lock taken by <see cref="Read"/> or <see cref="Write"/>.</summary>
    private readonly struct LockScope(ReaderWriterLockSlim held, bool write) : IDisposable
    {
        public void Dispose()
        {
            if (write)
            {
                held.ExitWriteLock();
            }
            else
            {
                held.ExitReadLock();
            }
        }
    }
}
