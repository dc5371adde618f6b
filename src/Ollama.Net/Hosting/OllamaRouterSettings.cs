namespace Ollama.Net.Hosting;

/// <summary>
/// The router's part of the configuration section (<c>Ollama:Servers:0:Endpoint</c>, <c>Ollama:RefreshInterval</c>...),
/// bound by the configuration binder source generator; endpoints are read in the <c>OLLAMA_HOST</c> forms.
/// </summary>
internal sealed class OllamaRouterSettings
{
    public List<ServerSettings>? Servers { get; set; }

    public TimeSpan? RefreshInterval { get; set; }

    public TimeSpan? CoolDown { get; set; }

    public bool? PullMissingModels { get; set; }

    public void ApplyTo(OllamaRouterOptions options, string? sectionPath)
    {
        var prefix = string.IsNullOrEmpty(sectionPath) ? "" : sectionPath + ":";
        for (var i = 0; i < (Servers?.Count ?? 0); i++)
        {
            var server = Servers![i];
            if (string.IsNullOrWhiteSpace(server.Endpoint))
            {
                throw new FormatException($"The configuration value {prefix}Servers:{i}:Endpoint is missing; give the server's address, such as \"gpu1:11434\".");
            }

            OllamaServerOptions serverOptions;
            try
            {
                serverOptions = new OllamaServerOptions(server.Endpoint);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"The configuration value {prefix}Servers:{i}:Endpoint is wrong: {ex.Message}", ex);
            }

            if (server.MaxConcurrentRequests is { } limit)
            {
                serverOptions.MaxConcurrentRequests = limit;
            }

            options.Servers.Add(serverOptions);
        }

        if (RefreshInterval is { } refresh)
        {
            options.RefreshInterval = refresh;
        }

        if (CoolDown is { } coolDown)
        {
            options.CoolDown = coolDown;
        }

        if (PullMissingModels is { } pull)
        {
            options.PullMissingModels = pull;
        }
    }

    /// <summary>One server: <c>Ollama:Servers:N:Endpoint</c> and <c>Ollama:Servers:N:MaxConcurrentRequests</c>.</summary>
    internal sealed class ServerSettings
    {
        public string? Endpoint { get; set; }

        public int? MaxConcurrentRequests { get; set; }
    }
}
