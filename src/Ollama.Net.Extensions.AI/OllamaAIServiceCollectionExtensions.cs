using Microsoft.Extensions.AI;
using Ollama.Net;
using Ollama.Net.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Ollama-backed <see cref="IChatClient"/> and <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> services.
/// Each registration uses the <see cref="OllamaClient"/> registered with <c>AddOllamaClient</c> (or, for a keyed
/// registration, <c>AddKeyedOllamaClient</c> with the same key); when there is none yet, one is registered with the
/// defaults (configuration section <c>Ollama</c> or <c>Ollama:&lt;key&gt;</c>).
/// </summary>
public static class OllamaAIServiceCollectionExtensions
{
    /// <summary>Registers an <see cref="IChatClient"/> over the registered <see cref="OllamaClient"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="model">The default model; null uses <see cref="OllamaClientOptions.DefaultModel"/>.</param>
    /// <param name="lifetime">The lifetime of the chat client (singleton by default).</param>
    /// <returns>The builder, to add <c>UseFunctionInvocation()</c>, <c>UseLogging()</c>, <c>UseOpenTelemetry()</c>...</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static ChatClientBuilder AddOllamaChatClient(
        this IServiceCollection services, string? model = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        EnsureClient(services, serviceKey: null);
        return services.AddChatClient(provider => new OllamaChatClient(provider.GetRequiredService<OllamaClient>(), model), lifetime);
    }

    /// <summary>
    /// Registers a keyed <see cref="IChatClient"/> over the <see cref="OllamaClient"/> registered with the same key.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key of both the chat client and the Ollama client.</param>
    /// <param name="model">The default model; null uses <see cref="OllamaClientOptions.DefaultModel"/>.</param>
    /// <param name="lifetime">The lifetime of the chat client (singleton by default).</param>
    /// <returns>The builder of the chat client pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> is null, empty or white space.</exception>
    public static ChatClientBuilder AddKeyedOllamaChatClient(
        this IServiceCollection services, string serviceKey, string? model = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        EnsureClient(services, serviceKey);
        return services.AddKeyedChatClient(
            serviceKey, provider => new OllamaChatClient(provider.GetRequiredKeyedService<OllamaClient>(serviceKey), model), lifetime);
    }

    /// <summary>Registers an embedding generator over the registered <see cref="OllamaClient"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="model">The default embedding model; null uses <see cref="OllamaClientOptions.DefaultModel"/>.</param>
    /// <param name="lifetime">The lifetime of the generator (singleton by default).</param>
    /// <returns>The builder, to add <c>UseLogging()</c>, <c>UseOpenTelemetry()</c>, caching...</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddOllamaEmbeddingGenerator(
        this IServiceCollection services, string? model = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        EnsureClient(services, serviceKey: null);
        return services.AddEmbeddingGenerator<string, Embedding<float>>(
            provider => new OllamaEmbeddingGenerator(provider.GetRequiredService<OllamaClient>(), model), lifetime);
    }

    /// <summary>
    /// Registers a keyed embedding generator over the <see cref="OllamaClient"/> registered with the same key.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key of both the generator and the Ollama client.</param>
    /// <param name="model">The default embedding model; null uses <see cref="OllamaClientOptions.DefaultModel"/>.</param>
    /// <param name="lifetime">The lifetime of the generator (singleton by default).</param>
    /// <returns>The builder of the generator pipeline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> is null, empty or white space.</exception>
    public static EmbeddingGeneratorBuilder<string, Embedding<float>> AddKeyedOllamaEmbeddingGenerator(
        this IServiceCollection services, string serviceKey, string? model = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        EnsureClient(services, serviceKey);
        return services.AddKeyedEmbeddingGenerator<string, Embedding<float>>(
            serviceKey, provider => new OllamaEmbeddingGenerator(provider.GetRequiredKeyedService<OllamaClient>(serviceKey), model), lifetime);
    }

    private static void EnsureClient(IServiceCollection services, string? serviceKey)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(OllamaClient) && Equals(descriptor.ServiceKey, serviceKey))
            {
                return;
            }
        }

        if (serviceKey is null)
        {
            services.AddOllamaClient();
        }
        else
        {
            services.AddKeyedOllamaClient(serviceKey);
        }
    }
}
