using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Common;

public class VersionTests
{
    [Fact]
    public async Task GetVersionAsync_gets_api_version()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"version":"0.33.0-rc2"}""");
        using var client = TestClient.Create(handler);
        var version = await client.GetVersionAsync();
        Assert.Equal(HttpMethod.Get, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/version", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Null(handler.LastRequest.Body);
        Assert.Equal("application/json", handler.LastRequest.Headers["Accept"]);
        Assert.Equal("0.33.0-rc2", version.Version);
        Assert.Equal(new Version(0, 33, 0), version.ParsedVersion);
        Assert.Equal("rc2", version.PreRelease);
        Assert.Equal("0.33.0-rc2", version.ToString());
    }

    [Theory]
    [InlineData("0.32.15", "0.32.15", null)]
    [InlineData("0.0.0", "0.0.0", null)]
    [InlineData("v1.2.3", "1.2.3", null)]
    [InlineData("1.2.3+build5", "1.2.3", null)]
    [InlineData("2", "2.0", null)]
    [InlineData("0.12.0-rc1-5-gabc", "0.12.0", "rc1-5-gabc")]
    [InlineData("dev", null, null)]
    [InlineData("", null, null)]
    public void ServerVersion_parses_the_numeric_part(string text, string? expected, string? preRelease)
    {
        var version = new ServerVersion { Version = text };
        Assert.Equal(expected is null ? null : Version.Parse(expected), version.ParsedVersion);
        Assert.Equal(preRelease, version.PreRelease);
    }
}
