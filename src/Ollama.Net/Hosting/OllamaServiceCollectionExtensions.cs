using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ollama.Net;
using Ollama.Net.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="OllamaClient"/> in a service collection, with its <see cref="HttpClient"/> from
/// <c>IHttpClientFactory</c> and its <see cref="OllamaClientOptions"/> bound from configuration.
/// </summary>
/// <remarks>
/// <para>
/// The client is a singleton (it is thread-safe) over a named <see cref="HttpClient"/> whose
/// <see cref="HttpClient.Timeout"/> is infinite: model loads can take minutes, so bound calls with
/// <see cref="OllamaClientOptions.RequestTimeout"/> or a <see cref="CancellationToken"/> instead. The factory's default
/// primary handler recycles its connections (<c>PooledConnectionLifetime</c>), so DNS changes are still seen.
/// The returned <see cref="IHttpClientBuilder"/> adds handlers, for example a resilience pipeline.
/// </para>
/// <para>
/// Configuration: the <c>Ollama</c> section (or <c>Ollama:&lt;serviceKey&gt;</c> for a keyed client) of the
/// container's <see cref="IConfiguration"/> is bound first, then the <c>configure</c> delegate runs. Keys:
/// <c>Endpoint</c> (an <c>OLLAMA_HOST</c>-style address such as <c>gpu-box:11434</c>, see
/// <see cref="OllamaEndpoint.Parse(string?)"/>), <c>ApiKey</c>, <c>DefaultModel</c>, <c>RequestTimeout</c> (<c>"00:05:00"</c>), <c>UserAgent</c>,
/// <c>MaxStreamLineLength</c>, <c>MaxResponseContentLength</c> (bytes; 0 for no limit), <c>UseEnvironmentVariables</c>, <c>LogContent</c>, <c>EnableSensitiveTelemetryData</c> and
/// <c>DefaultHeaders:&lt;name&gt;</c>. Binding uses the configuration-binding source generator (trimming- and AOT-safe).
/// The container's <see cref="ILoggerFactory"/> is used unless the options name one.
/// </para>
/// <para>
/// Validation: the options are checked when the host starts (<c>ValidateOnStart</c>), or without a host when the client
/// is first resolved. A value of the wrong type (<c>RequestTimeout = "soon"</c>) or an address that is not one
/// (<c>Endpoint = "ftp://files"</c>) fails with an exception naming the configuration key; an out-of-range value
/// (<c>MaxStreamLineLength = 0</c>, a negative <c>RequestTimeout</c>, a header name with a space, a line break in
/// <c>ApiKey</c> or <c>UserAgent</c>) fails with an <see cref="OptionsValidationException"/> whose failures start with
/// the key, such as <c>Ollama:MaxStreamLineLength must be at least 1 byte, but it is 0.</c>
/// </para>
/// </remarks>
public static class OllamaServiceCollectionExtensions
{
    /// <summary>The configuration section read by default: <c>Ollama</c>.</summary>
    public const string DefaultConfigurationSectionName = "Ollama";

    /// <summary>The name of the <see cref="HttpClient"/> of the unkeyed client: <c>Ollama.Net</c>.</summary>
    public const string DefaultHttpClientName = "Ollama.Net";

    /// <summary>
    /// Registers a singleton <see cref="OllamaClient"/>, configured from the <c>Ollama</c> configuration section (when
    /// the container has an <see cref="IConfiguration"/>) and then by <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the options after configuration binding (optional).</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>, to add handlers (resilience, logging...).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IHttpClientBuilder AddOllamaClient(this IServiceCollection services, Action<OllamaClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services, serviceKey: null, configuration: null, DefaultConfigurationSectionName, configure);
    }

    /// <summary>
    /// Registers a singleton <see cref="OllamaClient"/> configured from <paramref name="configuration"/> (a section such
    /// as <c>builder.Configuration.GetSection("MyOllama")</c>) and then by <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding the options.</param>
    /// <param name="configure">Changes the options after binding (optional).</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static IHttpClientBuilder AddOllamaClient(this IServiceCollection services, IConfiguration configuration, Action<OllamaClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, serviceKey: null, configuration, sectionPath: null, configure);
    }

    /// <summary>
    /// Registers a keyed singleton <see cref="OllamaClient"/> (one per server), resolved with
    /// <c>[FromKeyedServices("key")]</c> or <c>GetRequiredKeyedService&lt;OllamaClient&gt;("key")</c>. It is configured
    /// from the <c>Ollama:&lt;serviceKey&gt;</c> configuration section and then by <paramref name="configure"/>; its
    /// <see cref="HttpClient"/> is named <c>Ollama.Net:&lt;serviceKey&gt;</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key, for example <c>"gpu-box"</c>.</param>
    /// <param name="configure">Changes the options after configuration binding (optional).</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> is null, empty or white space.</exception>
    public static IHttpClientBuilder AddKeyedOllamaClient(this IServiceCollection services, string serviceKey, Action<OllamaClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        return AddCore(services, serviceKey, configuration: null, $"{DefaultConfigurationSectionName}:{serviceKey}", configure);
    }

    /// <summary>
    /// Registers a keyed singleton <see cref="OllamaClient"/> configured from <paramref name="configuration"/> and then by
    /// <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="serviceKey">The key.</param>
    /// <param name="configuration">The configuration section holding the options.</param>
    /// <param name="configure">Changes the options after binding (optional).</param>
    /// <returns>The builder of the client's <see cref="HttpClient"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> is null, empty or white space.</exception>
    public static IHttpClientBuilder AddKeyedOllamaClient(
        this IServiceCollection services, string serviceKey, IConfiguration configuration, Action<OllamaClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, serviceKey, configuration, sectionPath: null, configure);
    }

    private static IHttpClientBuilder AddCore(
        IServiceCollection services, string? serviceKey, IConfiguration? configuration, string? sectionPath, Action<OllamaClientOptions>? configure)
    {
        var optionsName = serviceKey ?? Options.Options.DefaultName;
        var httpClientName = serviceKey is null ? DefaultHttpClientName : $"{DefaultHttpClientName}:{serviceKey}";

        services.AddOptions();
        services.AddSingleton<IConfigureOptions<OllamaClientOptions>>(provider => new ConfigureNamedOptions<OllamaClientOptions>(
            optionsName,
            options =>
            {
                var source = configuration ?? (sectionPath is null ? null : provider.GetService<IConfiguration>()?.GetSection(sectionPath));
                if (source is not null)
                {
                    var settings = new OllamaClientSettings();
                    source.Bind(settings); // source-generated binder (EnableConfigurationBindingGenerator): no reflection
                    settings.ApplyTo(options, (source as IConfigurationSection)?.Path);
                }
            }));
        if (configure is not null)
        {
            services.Configure(optionsName, configure);
        }

        // Checked when the host starts (and, without a host, when the client is first resolved): binding errors and
        // bad values fail start-up with the configuration key in the message.
        services.AddOptions<OllamaClientOptions>(optionsName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OllamaClientOptions>>(
            provider => new RegisteredOptionsValidator(optionsName, (configuration as IConfigurationSection)?.Path ?? sectionPath));

        var builder = services.AddHttpClient(httpClientName)
            .ConfigureHttpClient(static http => http.Timeout = Timeout.InfiniteTimeSpan);

        if (serviceKey is null)
        {
            services.TryAddSingleton(provider => Create(provider, httpClientName, optionsName));
        }
        else
        {
            services.TryAddKeyedSingleton(serviceKey, (provider, _) => Create(provider, httpClientName, optionsName));
        }

        return builder;
    }

    private static OllamaClient Create(IServiceProvider provider, string httpClientName, string optionsName)
    {
        var options = provider.GetRequiredService<IOptionsMonitor<OllamaClientOptions>>().Get(optionsName).Clone();
        options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
        var httpClient = provider.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName);
        return new OllamaClient(httpClient, options);
    }
}
