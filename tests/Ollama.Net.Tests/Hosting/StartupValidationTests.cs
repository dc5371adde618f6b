using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ollama.Net.Tests.Hosting;

/// <summary>
/// <c>AddOllamaClient</c> validates its options when the host starts (<c>ValidateOnStart</c> with the source-generated
/// validator), so a bad configuration fails start-up, naming the configuration key, before any request is made.
/// </summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task A_bad_Ollama_Endpoint_fails_host_start_with_a_message_naming_the_key()
    {
        using var host = BuildHost(new() { ["Ollama:Endpoint"] = "ftp://files.test" }, (s, _) => s.AddOllamaClient());

        var error = await Assert.ThrowsAsync<FormatException>(() => host.StartAsync());

        Assert.Contains("Ollama:Endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://files.test", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ollama:RequestTimeout", "-00:00:05", "Ollama:RequestTimeout must be positive (or null for no limit), but it is -00:00:05.")]
    [InlineData("Ollama:MaxStreamLineLength", "0", "Ollama:MaxStreamLineLength must be at least 1 byte, but it is 0.")]
    [InlineData("Ollama:UserAgent", "app/1.0\nX-Injected: 1", "Ollama:UserAgent must not contain a line break or NUL character.")]
    [InlineData("Ollama:ApiKey", "key\r\n", "Ollama:ApiKey must not contain a line break or NUL character.")]
    [InlineData("Ollama:DefaultHeaders:X Bad", "v", "Ollama:DefaultHeaders has \"X Bad\", which is not a valid HTTP header name.")]
    public async Task An_out_of_range_value_fails_host_start_naming_the_key(string key, string value, string message)
    {
        using var host = BuildHost(new() { [key] = value }, (s, _) => s.AddOllamaClient());

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(message, Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("Ollama:RequestTimeout", "soon", "System.TimeSpan")]
    [InlineData("Ollama:MaxStreamLineLength", "many", "System.Int32")]
    [InlineData("Ollama:MaxResponseContentLength", "1GB", "System.Int64")]
    [InlineData("Ollama:UseEnvironmentVariables", "maybe", "System.Boolean")]
    [InlineData("Ollama:LogContent", "yes", "System.Boolean")]
    [InlineData("Ollama:EnableSensitiveTelemetryData", "2", "System.Boolean")]
    public async Task A_value_of_the_wrong_type_fails_host_start_naming_the_key(string key, string value, string type)
    {
        using var host = BuildHost(new() { [key] = value }, (s, _) => s.AddOllamaClient());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(type, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keyed_and_explicit_sections_are_named_by_their_own_path()
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Ollama:gpu:MaxStreamLineLength"] = "-1",
            ["Llm:Local:RequestTimeout"] = "00:00:00",
        };
        using var host = BuildHost(configuration, (services, config) =>
        {
            services.AddKeyedOllamaClient("gpu");
            services.AddKeyedOllamaClient("local", config.GetSection("Llm:Local"));
        });

        var error = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());

        var failures = error.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).Order().ToList();
        Assert.Equal(
            [
                "Llm:Local:RequestTimeout must be positive (or null for no limit), but it is 00:00:00.",
                "Ollama:gpu:MaxStreamLineLength must be at least 1 byte, but it is -1.",
            ],
            failures);
    }

    [Fact]
    public async Task A_value_set_by_the_configure_delegate_is_checked_too()
    {
        using var host = BuildHost([], (s, _) => s.AddOllamaClient(o => o.MaxResponseContentLength = -5));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("Ollama:MaxResponseContentLength must be at least 1 byte, but it is -5.", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task A_good_configuration_starts_and_resolves_the_client()
    {
        using var host = BuildHost(
            new()
            {
                ["Ollama:Endpoint"] = "gpu-box:11434",
                ["Ollama:RequestTimeout"] = "00:05:00",
                ["Ollama:MaxResponseContentLength"] = "0", // 0: no limit
                ["Ollama:DefaultHeaders:X-Proxy-Token"] = "t",
            },
            (s, _) => s.AddOllamaClient());

        await host.StartAsync();

        Assert.Equal(new Uri("http://gpu-box:11434/"), host.Services.GetRequiredService<OllamaClient>().Endpoint);
        await host.StopAsync();
    }

    [Fact]
    public void Without_a_host_the_same_check_runs_when_the_client_is_first_resolved()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ollama:MaxStreamLineLength"] = "0" })
            .Build());
        services.AddOllamaClient();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<OllamaClient>());

        Assert.Equal("Ollama:MaxStreamLineLength must be at least 1 byte, but it is 0.", Assert.Single(error.Failures));
    }

    private static IHost BuildHost(Dictionary<string, string?> configuration, Action<IServiceCollection, IConfiguration> register)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        register(builder.Services, builder.Configuration);
        return builder.Build();
    }
}
