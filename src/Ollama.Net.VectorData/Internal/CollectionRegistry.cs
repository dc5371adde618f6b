using System.Collections.Concurrent;

namespace Ollama.Net.VectorData.Internal;

/// <summary>
/// The collections of one store by name, shared by every collection object the store hands out; with a directory,
/// each collection is also a snapshot file there, loaded when the collection is first used.
/// </summary>
internal sealed class CollectionRegistry(string? directory)
{
    public const string Extension = ".onvs";

    private readonly ConcurrentDictionary<string, CollectionData> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string? Directory { get; } = directory is null ? null : Path.GetFullPath(directory);

    public string? PathOf(string name) => Directory is null ? null : Path.Combine(Directory, name + Extension);

    /// <summary>The open collection, loading its snapshot if there is one; null when the collection does not exist.</summary>
    public CollectionData? Find(string name, CollectionShape shape)
    {
        if (_open.TryGetValue(name, out CollectionData? data))
        {
            return Check(name, data, shape);
        }

        lock (_gate)
        {
            if (_open.TryGetValue(name, out data))
            {
                return Check(name, data, shape);
            }

            string? path = PathOf(name);
            if (path is null || !File.Exists(path))
            {
                return null;
            }

            data = Snapshot.Load(path, shape);
            _open[name] = data;
            return data;
        }
    }

    public CollectionData Create(string name, CollectionShape shape)
    {
        lock (_gate)
        {
            CollectionData? data = Find(name, shape);
            if (data is not null)
            {
                return data;
            }

            data = new CollectionData(shape);
            if (PathOf(name) is { } path)
            {
                System.IO.Directory.CreateDirectory(Directory!);
                data.Lock.EnterReadLock();
                try
                {
                    Snapshot.Save(data, path);
                }
                finally
                {
                    data.Lock.ExitReadLock();
                }
            }

            _open[name] = data;
            return data;
        }
    }

    public bool Exists(string name) => _open.ContainsKey(name) || (PathOf(name) is { } path && File.Exists(path));

    public void Delete(string name)
    {
        lock (_gate)
        {
            if (_open.TryRemove(name, out CollectionData? data))
            {
                data.Lock.EnterWriteLock();
                try
                {
                    data.Dispose();
                }
                finally
                {
                    data.Lock.ExitWriteLock();
                }
            }

            if (PathOf(name) is { } path)
            {
                File.Delete(path);
            }
        }
    }

    public IEnumerable<string> Names()
    {
        var names = new SortedSet<string>(_open.Keys, StringComparer.Ordinal);
        if (Directory is not null && System.IO.Directory.Exists(Directory))
        {
            foreach (string file in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
            {
                names.Add(Path.GetFileNameWithoutExtension(file));
            }
        }

        return names;
    }

    /// <summary>Checks a collection name: not empty, and (since it names a file) only letters, digits, '-', '_' and '.'.</summary>
    public static void CheckName(string name, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, paramName);
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                throw new ArgumentException(
                    $"Collection name '{name}' contains '{c}'; use only ASCII letters, digits, '-', '_' and '.' (the name is also a file name).", paramName);
            }
        }

        if (name.StartsWith('.'))
        {
            throw new ArgumentException($"Collection name '{name}' must not start with '.'.", paramName);
        }
    }

    private static CollectionData Check(string name, CollectionData data, CollectionShape shape)
    {
        if (data.Shape.Signature != shape.Signature)
        {
            throw new InvalidOperationException(
                $"Collection '{name}' exists with other properties ({data.Shape.Signature}) than this record definition ({shape.Signature}); delete it or use the same definition.");
        }

        return data;
    }
}
