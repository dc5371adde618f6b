using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ollama.Net;
using Ollama.Net.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

// AddOllamaRouter: an OllamaRouter (also registered as the OllamaClient) over the servers of the configuration.
public static partial class OllamaServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the router's server clients send through: <c>Ollama.Net:router</c>.</summary>
    public const string RouterHttpClientName = "Ollama.Net:router";

    /// <summary>
    /// Registers an <see cref="OllamaRouter"/> singleton, and the same instance as <see cref="OllamaClient"/> unless one
    /// is registered, configured from the <c>Ollama</c> section of the host's configuration
    /// (<c>Ollama:Servers:0:Endpoint</c>, <c>Ollama:Servers:0:MaxConcurrentRequests</c>, <c>Ollama:RefreshInterval</c>,
    /// <c>Ollama:CoolDown</c>, <c>Ollama:PullMissingModels</c>, and the client settings such as <c>Ollama:ApiKey</c>), then
    /// by <paramref name="configure"/>. Endpoints take every <c>OLLAMA_HOST</c> form.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the options after the configuration is applied.</param>
    /// <returns>The builder of the HTTP client every server's client sends through (add handlers to it).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IHttpClientBuilder AddOllamaRouter(this IServiceCollection services, Action<OllamaRouterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddRouterCore(services, configuration: null, configure);
    }

    /// <summary>
    /// Registers an <see cref="OllamaRouter"/> singleton (and as <see cref="OllamaClient"/> unless one is registered),
    /// configured from <paramref name="configuration"/> (keys <c>Servers:0:Endpoint</c>... as in
    /// <see cref="AddOllamaRouter(IServiceCollection, Action{OllamaRouterOptions}?)"/>), then by <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to read.</param>
    /// <param name="configure">Changes the options after the configuration is applied.</param>
    /// <returns>The builder of the HTTP client every server's client sends through.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static IHttpClientBuilder AddOllamaRouter(this IServiceCollection services, IConfiguration configuration, Action<OllamaRouterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddRouterCore(services, configuration, configure);
    }

    private static IHttpClientBuilder AddRouterCore(IServiceCollection services, IConfiguration? configuration, Action<OllamaRouterOptions>? configure)
    {
        services.AddOptions();
        services.AddSingleton<IConfigureOptions<OllamaRouterOptions>>(provider => new ConfigureOptions<OllamaRouterOptions>(options =>
        {
            var source = configuration ?? provider.GetService<IConfiguration>()?.GetSection(DefaultConfigurationSectionName);
            if (source is null)
            {
                return;
            }

            var path = (source as IConfigurationSection)?.Path;
            var router = new OllamaRouterSettings();
            source.Bind(router); // source-generated binder: no reflection
            router.ApplyTo(options, path);
            var client = new OllamaClientSettings();
            source.Bind(client);
            options.ClientOptions ??= new OllamaClientOptions();
            client.ApplyTo(options.ClientOptions, path);
        }));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        var builder = services.AddHttpClient(RouterHttpClientName)
            .ConfigureHttpClient(static http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<OllamaRouterOptions>>().Value;
            options.ClientOptions = options.ClientOptions?.Clone() ?? new OllamaClientOptions();
            options.ClientOptions.LoggerFactory ??= provider.GetService<ILoggerFactory>();
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            return new OllamaRouter(options, () => factory.CreateClient(RouterHttpClientName));
        });
        services.TryAddSingleton<OllamaClient>(static provider => provider.GetRequiredService<OllamaRouter>());
        return builder;
    }
}
