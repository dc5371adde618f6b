using System.Collections;
using Ollama.Net.Testing.Internal;

namespace Ollama.Net.Testing;

/// <summary>
/// A thread-safe set of <see cref="TestModel"/>s keyed by name. Names match as Ollama matches them: case-insensitively,
/// with <c>:latest</c> implied when no tag is given. The server changes it too (create, copy, delete, pull).
/// </summary>
public sealed class TestModelCollection : IReadOnlyCollection<TestModel>
{
    private readonly Lock _lock = new();
    private readonly List<TestModel> _models = [];

    internal TestModelCollection()
    {
    }

    /// <summary>The number of models.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _models.Count;
            }
        }
    }

    /// <summary>Adds a model, replacing any model with the same name.</summary>
    /// <param name="model">The model to add.</param>
    /// <returns>This collection, so calls can be chained.</returns>
    public TestModelCollection Add(TestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var key = model.Name.ToLowerInvariant();
        lock (_lock)
        {
            var i = _models.FindIndex(m => m.Name.ToLowerInvariant() == key);
            if (i >= 0)
            {
                _models[i] = model;
            }
            else
            {
                _models.Add(model);
            }
        }

        return this;
    }

    /// <summary>Adds several models, replacing any with the same names.</summary>
    /// <param name="models">The models to add.</param>
    /// <returns>This collection, so calls can be chained.</returns>
    public TestModelCollection AddRange(IEnumerable<TestModel> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        foreach (var m in models)
        {
            Add(m);
        }

        return this;
    }

    /// <summary>Finds a model by name (case-insensitive; <c>:latest</c> implied).</summary>
    /// <param name="name">The model name.</param>
    /// <returns>The model, or null when there is none with that name.</returns>
    public TestModel? Find(string name)
    {
        var key = ModelName.Key(name);
        if (key is null)
        {
            return null;
        }

        lock (_lock)
        {
            return _models.Find(m => m.Name.ToLowerInvariant() == key);
        }
    }

    /// <summary>Whether a model with this name exists.</summary>
    /// <param name="name">The model name.</param>
    /// <returns>True when the model exists.</returns>
    public bool Contains(string name) => Find(name) is not null;

    /// <summary>Removes a model.</summary>
    /// <param name="name">The model name.</param>
    /// <returns>True when a model was removed.</returns>
    public bool Remove(string name)
    {
        var key = ModelName.Key(name);
        if (key is null)
        {
            return false;
        }

        lock (_lock)
        {
            return _models.RemoveAll(m => m.Name.ToLowerInvariant() == key) > 0;
        }
    }

    /// <summary>Removes every model.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _models.Clear();
        }
    }

    /// <summary>Enumerates a snapshot of the models, in the order they were added.</summary>
    /// <returns>An enumerator over the snapshot.</returns>
    public IEnumerator<TestModel> GetEnumerator()
    {
        TestModel[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _models];
        }

        return ((IEnumerable<TestModel>)snapshot).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
