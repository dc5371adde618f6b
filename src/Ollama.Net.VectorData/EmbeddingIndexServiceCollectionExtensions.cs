using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;

namespace Ollama.Net.VectorData;

/// <summary>Registers <see cref="EmbeddingIndexVectorStore"/> and its collections in an <see cref="IServiceCollection"/>.</summary>
public static class EmbeddingIndexServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="EmbeddingIndexVectorStore"/> as itself and as <see cref="VectorStore"/>. When the options
    /// set no embedding generator, the store takes the <see cref="IEmbeddingGenerator"/> registered in the container, if any.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="options">The directory and embedding generator; null for an in-memory store.</param>
    /// <param name="lifetime">The lifetime of the store (singleton by default: the records live as long as the store).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddEmbeddingIndexVectorStore(
        this IServiceCollection services, EmbeddingIndexVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        => AddKeyedEmbeddingIndexVectorStore(services, null, options, lifetime);

    /// <summary>Registers an <see cref="EmbeddingIndexVectorStore"/> under a service key; see <see cref="AddEmbeddingIndexVectorStore"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key; null registers the store without a key.</param>
    /// <param name="options">The directory and embedding generator; null for an in-memory store.</param>
    /// <param name="lifetime">The lifetime of the store.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddKeyedEmbeddingIndexVectorStore(
        this IServiceCollection services, object? serviceKey, EmbeddingIndexVectorStoreOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Add(new ServiceDescriptor(typeof(EmbeddingIndexVectorStore), serviceKey, (sp, _) => new EmbeddingIndexVectorStore(new EmbeddingIndexVectorStoreOptions
        {
            Directory = options?.Directory,
            EmbeddingGenerator = options?.EmbeddingGenerator ?? sp.GetService<IEmbeddingGenerator>(),
        }), lifetime));
        services.Add(new ServiceDescriptor(typeof(VectorStore), serviceKey, (sp, key) => sp.GetRequiredKeyedService<EmbeddingIndexVectorStore>(key), lifetime));
        return services;
    }

    /// <summary>
    /// Registers an <see cref="EmbeddingIndexCollection{TKey, TRecord}"/> of its own (not shared with a store) as itself, as
    /// <see cref="VectorStoreCollection{TKey, TRecord}"/> and as <see cref="IVectorSearchable{TRecord}"/>. When the options
    /// set no embedding generator, the collection takes the <see cref="IEmbeddingGenerator"/> registered in the container, if any.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The collection name.</param>
    /// <param name="options">The definition, embedding generator and directory; null for the defaults.</param>
    /// <param name="lifetime">The lifetime of the collection.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or has characters a file name cannot have.</exception>
    [RequiresDynamicCode("Maps records by reflection.")]
    [RequiresUnreferencedCode("Maps records by reflection.")]
    public static IServiceCollection AddEmbeddingIndexCollection<TKey, TRecord>(
        this IServiceCollection services, string name, EmbeddingIndexCollectionOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TKey : notnull
        where TRecord : class
        => AddKeyedEmbeddingIndexCollection<TKey, TRecord>(services, null, name, options, lifetime);

    /// <summary>Registers an <see cref="EmbeddingIndexCollection{TKey, TRecord}"/> under a service key; see <see cref="AddEmbeddingIndexCollection"/>.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The service key; null registers the collection without a key.</param>
    /// <param name="name">The collection name.</param>
    /// <param name="options">The definition, embedding generator and directory; null for the defaults.</param>
    /// <param name="lifetime">The lifetime of the collection.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or has characters a file name cannot have.</exception>
    [RequiresDynamicCode("Maps records by reflection.")]
    [RequiresUnreferencedCode("Maps records by reflection.")]
    public static IServiceCollection AddKeyedEmbeddingIndexCollection<TKey, TRecord>(
        this IServiceCollection services, object? serviceKey, string name, EmbeddingIndexCollectionOptions? options = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
        where TKey : notnull
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(services);
        Internal.CollectionRegistry.CheckName(name, nameof(name));
        services.Add(new ServiceDescriptor(typeof(EmbeddingIndexCollection<TKey, TRecord>), serviceKey, (sp, _) =>
            new EmbeddingIndexCollection<TKey, TRecord>(name, new EmbeddingIndexCollectionOptions(options)
            {
                EmbeddingGenerator = options?.EmbeddingGenerator ?? sp.GetService<IEmbeddingGenerator>(),
            }), lifetime));
        services.Add(new ServiceDescriptor(typeof(VectorStoreCollection<TKey, TRecord>), serviceKey,
            (sp, key) => sp.GetRequiredKeyedService<EmbeddingIndexCollection<TKey, TRecord>>(key), lifetime));
        services.Add(new ServiceDescriptor(typeof(IVectorSearchable<TRecord>), serviceKey,
            (sp, key) => sp.GetRequiredKeyedService<EmbeddingIndexCollection<TKey, TRecord>>(key), lifetime));
        return services;
    }
}
