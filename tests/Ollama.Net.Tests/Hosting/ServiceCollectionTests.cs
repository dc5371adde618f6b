using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ollama.Net.Hosting;
using Ollama.Net.Tests.Diagnostics;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Hosting;

public sealed class ServiceCollectionTests
{
    private const string VersionJson = """{"version":"0.12.10"}""";

    [Fact]
    public async Task AddOllamaClient_registers_a_singleton_sending_through_IHttpClientFactory()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        var services = new ServiceCollection();
        var builder = services.AddOllamaClient(o =>
        {
            o.Endpoint = new Uri("http://ollama.test:1234");
            o.UseEnvironmentVariables = false;
        });
        builder.ConfigurePrimaryHttpMessageHandler(() => handler);
        Assert.IsAssignableFrom<IHttpClientBuilder>(builder);
        Assert.Equal(OllamaServiceCollectionExtensions.DefaultHttpClientName, builder.Name);

        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<OllamaClient>();
        Assert.Same(client, provider.GetRequiredService<OllamaClient>());

        var version = await client.GetVersionAsync();

        Assert.Equal("0.12.10", version.Version);
        Assert.Equal("http://ollama.test:1234/api/version", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Equal(Timeout.InfiniteTimeSpan, client.HttpClient.Timeout);
    }

    [Fact]
    public async Task The_returned_builder_adds_handlers_such_as_resilience_pipelines()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddOllamaClient(o =>
            {
                o.Endpoint = new Uri("http://ollama.test:1234");
                o.UseEnvironmentVariables = false;
            })
            .ConfigurePrimaryHttpMessageHandler(() => handler)
            .AddHttpMessageHandler(() => counter);

        using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<OllamaClient>().GetVersionAsync();

        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public async Task Options_are_bound_from_the_Ollama_configuration_section()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ollama:Endpoint"] = "http://config.test:9999",
            ["Ollama:ApiKey"] = "key-from-config",
            ["Ollama:DefaultModel"] = "llama3.2",
            ["Ollama:RequestTimeout"] = "00:02:30",
            ["Ollama:UserAgent"] = "my-app/1.0",
            ["Ollama:MaxStreamLineLength"] = "4096",
            ["Ollama:MaxResponseContentLength"] = "1048576",
            ["Ollama:MaxConnectionsPerServer"] = "8",
            ["Ollama:UseEnvironmentVariables"] = "false",
            ["Ollama:LogContent"] = "true",
            ["Ollama:EnableSensitiveTelemetryData"] = "true",
            ["Ollama:DefaultHeaders:X-Proxy-Token"] = "proxy-secret",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOllamaClient().ConfigurePrimaryHttpMessageHandler(() => handler);

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<OllamaClientOptions>>().Get(Options.DefaultName);
        Assert.Equal(new Uri("http://config.test:9999"), options.Endpoint);
        Assert.Equal("key-from-config", options.ApiKey);
        Assert.Equal("llama3.2", options.DefaultModel);
        Assert.Equal(TimeSpan.FromSeconds(150), options.RequestTimeout);
        Assert.Equal("my-app/1.0", options.UserAgent);
        Assert.Equal(4096, options.MaxStreamLineLength);
        Assert.Equal(1_048_576, options.MaxResponseContentLength);
        Assert.Equal(8, options.MaxConnectionsPerServer);
        Assert.False(options.UseEnvironmentVariables);
        Assert.True(options.LogContent);
        Assert.True(options.EnableSensitiveTelemetryData);
        Assert.Equal("proxy-secret", options.DefaultHeaders["X-Proxy-Token"]);

        var client = provider.GetRequiredService<OllamaClient>();
        Assert.Equal("llama3.2", client.DefaultModel);
        await client.GetVersionAsync();
        var sent = handler.LastRequest;
        Assert.Equal("http://config.test:9999/api/version", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer key-from-config", sent.Headers["Authorization"]);
        Assert.Equal("my-app/1.0", sent.Headers["User-Agent"]);
        Assert.Equal("proxy-secret", sent.Headers["X-Proxy-Token"]);
    }

    [Fact]
    public async Task Retries_are_bound_from_the_Retry_section_and_used_by_the_client()
    {
        var handler = new FakeHttpHandler()
            .EnqueueJson("""{"error":"server busy, please try again.  maximum pending requests exceeded"}""", System.Net.HttpStatusCode.ServiceUnavailable)
            .EnqueueJson(VersionJson);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ollama:Endpoint"] = "http://config.test:9999",
            ["Ollama:Retry:MaxRetryAttempts"] = "5",
            ["Ollama:Retry:Delay"] = "00:00:00",
            ["Ollama:Retry:MaxDelay"] = "00:00:10",
            ["Ollama:Retry:UseJitter"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOllamaClient().ConfigurePrimaryHttpMessageHandler(() => handler);

        using var provider = services.BuildServiceProvider();
        var retry = provider.GetRequiredService<IOptionsMonitor<OllamaClientOptions>>().Get(Options.DefaultName).Retry;
        Assert.NotNull(retry);
        Assert.Equal(5, retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.Zero, retry.Delay);
        Assert.Equal(TimeSpan.FromSeconds(10), retry.MaxDelay);
        Assert.False(retry.UseJitter);

        var version = await provider.GetRequiredService<OllamaClient>().GetVersionAsync();

        Assert.Equal("0.12.10", version.Version);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public void Without_a_Retry_section_there_are_no_retries()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddOllamaClient();

        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetRequiredService<IOptionsMonitor<OllamaClientOptions>>().Get(Options.DefaultName).Retry);
    }

    [Fact]
    public void Keys_missing_from_configuration_leave_the_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ollama:DefaultModel"] = "qwen2.5:0.5b",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOllamaClient();

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<OllamaClientOptions>>().Get(Options.DefaultName);
        Assert.Equal("qwen2.5:0.5b", options.DefaultModel);
        Assert.Null(options.Endpoint);
        Assert.Null(options.RequestTimeout);
        Assert.True(options.UseEnvironmentVariables);
        Assert.Equal(OllamaClientOptions.DefaultMaxStreamLineLength, options.MaxStreamLineLength);
        Assert.Equal(OllamaClientOptions.DefaultMaxResponseContentLength, options.MaxResponseContentLength);
    }

    [Fact]
    public void The_configure_delegate_runs_after_configuration_binding()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ollama:Endpoint"] = "http://config.test:9999",
            ["Ollama:DefaultModel"] = "from-config",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOllamaClient(o => o.DefaultModel = "from-code");

        using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<OllamaClient>();
        Assert.Equal("from-code", client.DefaultModel);
        Assert.Equal(new Uri("http://config.test:9999"), client.Endpoint);
    }

    [Fact]
    public void An_explicit_configuration_section_is_bound_instead_of_Ollama()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ollama:Endpoint"] = "http://wrong.test:1",
            ["Llm:Local:Endpoint"] = "http://right.test:2",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOllamaClient(configuration.GetSection("Llm:Local"));

        using var provider = services.BuildServiceProvider();
        Assert.Equal(new Uri("http://right.test:2"), provider.GetRequiredService<OllamaClient>().Endpoint);
    }

    [Fact]
    public void Without_an_IConfiguration_the_registration_still_works()
    {
        var services = new ServiceCollection();
        services.AddOllamaClient(o => o.Endpoint = new Uri("http://code.test:3"));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(new Uri("http://code.test:3"), provider.GetRequiredService<OllamaClient>().Endpoint);
    }

    [Fact]
    public void A_bad_endpoint_in_configuration_fails_resolution_with_a_clear_message()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ollama:Endpoint"] = "ftp://files.test",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOllamaClient();

        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<FormatException>(() => provider.GetRequiredService<OllamaClient>());
        Assert.Contains("Ollama:Endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://files.test", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpu-box:11434", "http://gpu-box:11434/")]
    [InlineData("gpu-box", "http://gpu-box:11434/")]
    [InlineData("https://example.com/ollama", "https://example.com/ollama")]
    [InlineData("0.0.0.0", "http://127.0.0.1:11434/")]
    public void The_configured_endpoint_follows_the_OLLAMA_HOST_rules(string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ollama:Endpoint"] = value,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOllamaClient();

        using var provider = services.BuildServiceProvider();
        Assert.Equal(new Uri(expected), provider.GetRequiredService<OllamaClient>().Endpoint);
    }

    [Fact]
    public async Task Keyed_clients_talk_to_their_own_servers_and_resolve_with_FromKeyedServices()
    {
        var handlerA = new FakeHttpHandler().EnqueueJson(VersionJson);
        var handlerB = new FakeHttpHandler().EnqueueJson(VersionJson);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ollama:gpu:Endpoint"] = "http://gpu.test:11434",
            ["Ollama:gpu:DefaultModel"] = "llama3.3:70b",
            ["Ollama:laptop:Endpoint"] = "http://laptop.test:11434",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        var builderA = services.AddKeyedOllamaClient("gpu").ConfigurePrimaryHttpMessageHandler(() => handlerA);
        services.AddKeyedOllamaClient("laptop", o => o.DefaultModel = "qwen2.5:0.5b").ConfigurePrimaryHttpMessageHandler(() => handlerB);
        services.AddSingleton<TwoServers>();
        Assert.Equal("Ollama.Net:gpu", builderA.Name);

        using var provider = services.BuildServiceProvider();
        var consumer = provider.GetRequiredService<TwoServers>();
        Assert.NotSame(consumer.Gpu, consumer.Laptop);
        Assert.Same(consumer.Gpu, provider.GetRequiredKeyedService<OllamaClient>("gpu"));
        Assert.Null(provider.GetService<OllamaClient>()); // no unkeyed client was registered

        Assert.Equal("llama3.3:70b", consumer.Gpu.DefaultModel);
        Assert.Equal("qwen2.5:0.5b", consumer.Laptop.DefaultModel);
        await consumer.Gpu.GetVersionAsync();
        await consumer.Laptop.GetVersionAsync();
        Assert.Equal("gpu.test", Assert.Single(handlerA.Requests).Uri.Host);
        Assert.Equal("laptop.test", Assert.Single(handlerB.Requests).Uri.Host);
    }

    [Fact]
    public void A_keyed_client_can_be_bound_from_an_explicit_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Servers:Remote:Endpoint"] = "https://remote.test/ollama",
        }).Build();
        var services = new ServiceCollection();
        services.AddKeyedOllamaClient("remote", configuration.GetSection("Servers:Remote"));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(new Uri("https://remote.test/ollama"), provider.GetRequiredKeyedService<OllamaClient>("remote").Endpoint);
    }

    [Fact]
    public void Arguments_are_validated()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentNullException>(() => OllamaServiceCollectionExtensions.AddOllamaClient(null!));
        Assert.Throws<ArgumentNullException>(() => services.AddOllamaClient((IConfiguration)null!));
        Assert.Throws<ArgumentException>(() => services.AddKeyedOllamaClient(" "));
        Assert.Throws<ArgumentNullException>(() => services.AddKeyedOllamaClient(null!));
    }

    [Fact]
    public async Task The_containers_logger_factory_is_used_and_the_api_key_never_reaches_any_log()
    {
        var handler = new FakeHttpHandler().EnqueueJson(TelemetryTests.ChatFinal("m", "hello"));
        var logs = new TestLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddOllamaClient(o =>
        {
            o.Endpoint = new Uri("http://ollama.test:1234");
            o.ApiKey = "sk-NEVER-LOG-ME";
            o.LogContent = true;
            o.UseEnvironmentVariables = false;
        }).ConfigurePrimaryHttpMessageHandler(() => handler);

        using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<OllamaClient>().ChatAsync(new ChatRequest("m", Message.User("Hi")));

        Assert.Equal("Bearer sk-NEVER-LOG-ME", handler.LastRequest.Headers["Authorization"]);
        Assert.Contains(logs.Entries, e => e.Category == "Ollama.Net.OllamaClient" && e.EventId.Name == "RequestCompleted");
        Assert.Contains(logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal)); // the factory's own logging
        Assert.DoesNotContain(logs.Entries, e => e.AllText.Contains("sk-NEVER-LOG-ME", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_option_except_the_logger_factory_can_be_bound_from_configuration()
    {
        var bindable = typeof(OllamaClientSettings).GetProperties().Select(p => p.Name).ToHashSet();
        var options = typeof(OllamaClientOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != nameof(OllamaClientOptions.LoggerFactory))
            .Select(p => p.Name);
        Assert.All(options, name => Assert.Contains(name, bindable));
    }

    private sealed class TwoServers([FromKeyedServices("gpu")] OllamaClient gpu, [FromKeyedServices("laptop")] OllamaClient laptop)
    {
        public OllamaClient Gpu { get; } = gpu;

        public OllamaClient Laptop { get; } = laptop;
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Count { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Count++;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
