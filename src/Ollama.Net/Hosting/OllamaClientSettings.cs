namespace Ollama.Net.Hosting;

/// <summary>
/// The configuration-bindable part of <see cref="OllamaClientOptions"/> (everything but the logger factory). Bound by
/// the configuration-binding source generator, then copied onto the options: only keys present in configuration change
/// an option. Keep it in step with <see cref="OllamaClientOptions"/> (a test checks that every option has a twin here).
/// </summary>
internal sealed class OllamaClientSettings
{
    /// <summary>An <c>OLLAMA_HOST</c>-style address (<c>localhost:11434</c>, <c>https://example.com/ollama</c>...).</summary>
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string? DefaultModel { get; set; }

    public TimeSpan? RequestTimeout { get; set; }

    public Dictionary<string, string>? DefaultHeaders { get; set; }

    public string? UserAgent { get; set; }

    public int? MaxStreamLineLength { get; set; }

    /// <summary>A byte limit for non-streaming bodies; 0 or less removes the limit.</summary>
    public long? MaxResponseContentLength { get; set; }

    public int? MaxConnectionsPerServer { get; set; }

    public bool? UseEnvironmentVariables { get; set; }

    public bool? LogContent { get; set; }

    public bool? EnableSensitiveTelemetryData { get; set; }

    /// <summary>The <c>Retry</c> section; its presence turns retries on (<c>MaxRetryAttempts = 0</c> turns them off).</summary>
    public RetrySettings? Retry { get; set; }

    /// <summary>Copies the values that configuration set onto <paramref name="options"/>.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="sectionPath">The configuration path, for error messages.</param>
    /// <exception cref="FormatException">The endpoint is not a valid address.</exception>
    public void ApplyTo(OllamaClientOptions options, string? sectionPath)
    {
        if (!string.IsNullOrWhiteSpace(Endpoint))
        {
            try
            {
                options.Endpoint = OllamaEndpoint.Parse(Endpoint);
            }
            catch (FormatException ex)
            {
                var key = string.IsNullOrEmpty(sectionPath) ? "Endpoint" : $"{sectionPath}:Endpoint";
                throw new FormatException($"The configuration value {key} is wrong: {ex.Message}", ex);
            }
        }

        if (ApiKey is not null)
        {
            options.ApiKey = ApiKey;
        }

        if (DefaultModel is not null)
        {
            options.DefaultModel = DefaultModel;
        }

        if (RequestTimeout is { } timeout)
        {
            options.RequestTimeout = timeout;
        }

        if (DefaultHeaders is not null)
        {
            foreach (var (name, value) in DefaultHeaders)
            {
                options.DefaultHeaders[name] = value;
            }
        }

        if (UserAgent is not null)
        {
            options.UserAgent = UserAgent;
        }

        if (MaxStreamLineLength is { } maxLine)
        {
            options.MaxStreamLineLength = maxLine;
        }

        if (MaxResponseContentLength is { } maxBody)
        {
            options.MaxResponseContentLength = maxBody > 0 ? maxBody : null;
        }

        if (MaxConnectionsPerServer is { } maxConnections)
        {
            options.MaxConnectionsPerServer = maxConnections;
        }

        if (UseEnvironmentVariables is { } useEnvironment)
        {
            options.UseEnvironmentVariables = useEnvironment;
        }

        if (LogContent is { } logContent)
        {
            options.LogContent = logContent;
        }

        if (EnableSensitiveTelemetryData is { } sensitive)
        {
            options.EnableSensitiveTelemetryData = sensitive;
        }

        Retry?.ApplyTo(options.Retry ??= new OllamaRetryOptions());
    }

    /// <summary>The configuration-bindable part of <see cref="OllamaRetryOptions"/>.</summary>
    internal sealed class RetrySettings
    {
        public int? MaxRetryAttempts { get; set; }

        public TimeSpan? Delay { get; set; }

        public TimeSpan? MaxDelay { get; set; }

        public bool? UseJitter { get; set; }

        public void ApplyTo(OllamaRetryOptions retry)
        {
            retry.MaxRetryAttempts = MaxRetryAttempts ?? retry.MaxRetryAttempts;
            retry.Delay = Delay ?? retry.Delay;
            retry.MaxDelay = MaxDelay ?? retry.MaxDelay;
            retry.UseJitter = UseJitter ?? retry.UseJitter;
        }
    }
}
