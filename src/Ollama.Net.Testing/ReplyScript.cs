namespace Ollama.Net.Testing;

/// <summary>
/// The answers an <see cref="OllamaTestServer"/> gives to chat and generate requests, reached through
/// <see cref="OllamaTestServer.Replies"/>. A request takes the next reply queued for its model, else the next reply
/// queued for any model, else asks <see cref="Generator"/>. Load and unload requests (empty prompt or messages) take none.
/// </summary>
public sealed class ReplyScript
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<ScriptedReply>> _byModel = new(StringComparer.Ordinal);
    private readonly Queue<ScriptedReply> _any = new();
    private Func<ReplyContext, ScriptedReply> _generator;

    internal ReplyScript(Func<ReplyContext, ScriptedReply>? generator)
    {
        _generator = generator ?? ScriptedReply.Echo;
    }

    /// <summary>
    /// Makes the reply for requests nothing is queued for. Default <see cref="ScriptedReply.Echo"/>;
    /// <see cref="ScriptedReply.Simulated"/> gives plausible offline answers.
    /// </summary>
    public Func<ReplyContext, ScriptedReply> Generator
    {
        get => Volatile.Read(ref _generator);
        set => Volatile.Write(ref _generator, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The number of queued replies not used yet (all models).</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _any.Count + _byModel.Values.Sum(q => q.Count);
            }
        }
    }

    /// <summary>Queues a reply for the next request to <paramref name="model"/>.</summary>
    /// <param name="model">The model name (matched like Ollama matches names).</param>
    /// <param name="reply">The reply.</param>
    /// <returns>This script, so calls can be chained.</returns>
    /// <exception cref="ArgumentException">The model name is not valid.</exception>
    public ReplyScript Enqueue(string model, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reply);
        var key = Internal.ModelName.Key(model)
            ?? throw new ArgumentException($"'{model}' is not a valid Ollama model name.", nameof(model));
        lock (_lock)
        {
            if (!_byModel.TryGetValue(key, out var q))
            {
                _byModel[key] = q = new Queue<ScriptedReply>();
            }

            q.Enqueue(reply);
        }

        return this;
    }

    /// <summary>Queues a plain text reply for the next request to <paramref name="model"/>.</summary>
    /// <param name="model">The model name.</param>
    /// <param name="content">The answer text.</param>
    /// <returns>This script, so calls can be chained.</returns>
    public ReplyScript Enqueue(string model, string content) => Enqueue(model, ScriptedReply.Text(content));

    /// <summary>Queues a reply for the next chat or generate request to any model.</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>This script, so calls can be chained.</returns>
    public ReplyScript Enqueue(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        lock (_lock)
        {
            _any.Enqueue(reply);
        }

        return this;
    }

    /// <summary>Removes every queued reply (the generator stays).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _any.Clear();
            _byModel.Clear();
        }
    }

    internal ScriptedReply Next(ReplyContext context)
    {
        var key = context.Model.Name.ToLowerInvariant();
        lock (_lock)
        {
            if (_byModel.TryGetValue(key, out var q) && q.TryDequeue(out var reply))
            {
                return reply;
            }

            if (_any.TryDequeue(out reply))
            {
                return reply;
            }
        }

        return Generator(context) ?? throw new InvalidOperationException("The reply generator returned null.");
    }
}
