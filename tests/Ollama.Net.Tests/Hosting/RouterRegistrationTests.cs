using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ollama.Net.Tests.Hosting;

public sealed class RouterRegistrationTests
{
    [Fact]
    public void AddOllamaRouter_binds_the_servers_of_the_Ollama_section_in_the_OLLAMA_HOST_forms()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Configuration(new()
        {
            ["Ollama:Servers:0:Endpoint"] = "gpu1",
            ["Ollama:Servers:1:Endpoint"] = "https://example.com/ollama",
            ["Ollama:Servers:1:MaxConcurrentRequests"] = "2",
            ["Ollama:Servers:2:Endpoint"] = "0.0.0.0:8080",
            ["Ollama:CoolDown"] = "00:00:20",
            ["Ollama:RefreshInterval"] = "00:00:05",
            ["Ollama:PullMissingModels"] = "true",
            ["Ollama:DefaultModel"] = "qwen2.5:0.5b",
        }));
        services.AddOllamaRouter();

        using var provider = services.BuildServiceProvider();
        var router = provider.GetRequiredService<OllamaRouter>();
        var options = provider.GetRequiredService<IOptions<OllamaRouterOptions>>().Value;

        Assert.Same(router, provider.GetRequiredService<OllamaClient>());
        Assert.Equal(
            ["http://gpu1:11434/", "https://example.com/ollama", "http://127.0.0.1:8080/"],
            router.Servers.Select(s => s.Endpoint.AbsoluteUri));
        Assert.Equal([OllamaServerOptions.DefaultMaxConcurrentRequests, 2, OllamaServerOptions.DefaultMaxConcurrentRequests], router.Servers.Select(s => s.MaxConcurrentRequests));
        Assert.Equal(TimeSpan.FromSeconds(20), options.CoolDown);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RefreshInterval);
        Assert.True(options.PullMissingModels);
        Assert.Equal("qwen2.5:0.5b", router.DefaultModel);
    }

    [Fact]
    public void AddOllamaRouter_with_a_configuration_section_and_code_adds_both_servers()
    {
        var services = new ServiceCollection();
        services.AddOllamaRouter(
            Configuration(new() { ["Servers:0:Endpoint"] = "http://a:11434" }),
            o => o.Servers.Add(new OllamaServerOptions("b:11435")));

        using var provider = services.BuildServiceProvider();

        Assert.Equal(["http://a:11434/", "http://b:11435/"], provider.GetRequiredService<OllamaRouter>().Servers.Select(s => s.Endpoint.AbsoluteUri));
    }

    [Fact]
    public void A_bad_server_endpoint_fails_with_a_message_naming_the_key()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(Configuration(new()
        {
            ["Ollama:Servers:0:Endpoint"] = "gpu1",
            ["Ollama:Servers:1:Endpoint"] = "http://bad host",
        }));
        services.AddOllamaRouter();

        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<FormatException>(() => provider.GetRequiredService<OllamaRouter>());

        Assert.Contains("Ollama:Servers:1:Endpoint", error.Message);
    }

    [Fact]
    public void A_router_without_servers_fails_with_a_message_saying_how_to_add_one()
    {
        var services = new ServiceCollection();
        services.AddOllamaRouter();

        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<OllamaRouter>());

        Assert.Contains("Ollama:Servers:0:Endpoint", error.Message);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values)
        => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
