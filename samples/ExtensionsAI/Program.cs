// ExtensionsAI: Ollama as a Microsoft.Extensions.AI IChatClient, in a pipeline:
//   logging → function invocation (the calculator tool) → OpenTelemetry → the Ollama chat client (client.AsIChatClient(model))
// It asks "What is 3666 × 5444?" (GetResponseAsync) and "Which is larger, 9.9 or 9.11?" (GetStreamingResponseAsync);
// the pipeline calls the calculator when the model asks for it. Logs go to the console (Microsoft.Extensions.Logging),
// and traces and metrics (the pipeline's gen_ai spans, the tool spans, and Ollama.Net's own spans and histograms) go
// to the OpenTelemetry console exporter.
// Run: dotnet run --project samples/ExtensionsAI [-- --model qwen2.5:0.5b] [--offline]
using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Ollama.Net;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Samples.Common;
using Spectre.Console;

const string PipelineSource = "Ollama.Net.Samples.ExtensionsAI";

var app = new SampleApp("ExtensionsAI", "An IChatClient pipeline with function invocation, logging and OpenTelemetry.",
    "qwen2.5:0.5b", OfflineScenarios.ExtensionsAI);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var console = ctx.Console;

    // Telemetry: the pipeline's spans, Ollama.Net's spans and metrics, all to the console.
    using var tracing = Sdk.CreateTracerProviderBuilder()
        .AddSource(PipelineSource, OllamaTelemetry.ActivitySourceName)
        .AddConsoleExporter()
        .Build();
    using var metrics = Sdk.CreateMeterProviderBuilder()
        .AddMeter(PipelineSource, OllamaTelemetry.MeterName)
        .AddConsoleExporter()
        .Build();
    using var loggerFactory = LoggerFactory.Create(logging => logging
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        })
        .SetMinimumLevel(LogLevel.Debug));

    // A client of our own, so that Ollama.Net logs to the same logger factory.
    using var ollama = new OllamaClient(new OllamaClientOptions
    {
        Endpoint = ctx.Endpoint,
        LoggerFactory = loggerFactory,
        UseEnvironmentVariables = !ctx.IsOffline,
    });

    IChatClient chat = new ChatClientBuilder(ollama.AsIChatClient(ctx.Model))
        .UseLogging(loggerFactory)
        .UseFunctionInvocation(loggerFactory)
        .UseOpenTelemetry(loggerFactory, PipelineSource, otel => otel.EnableSensitiveData = true)
        .Build();

    var calculator = AIFunctionFactory.Create(
        ([Description("An arithmetic expression with plain numbers, such as 3666 * 5444 or 9.9 > 9.11.")] string expression)
            => Calculator.Evaluate(expression),
        "calculator",
        "Evaluates an arithmetic expression exactly. Use it for every calculation and number comparison.");
    var options = new ChatOptions
    {
        Instructions = "Use the calculator tool for every calculation and every comparison of numbers; never compute in your "
            + "head. Then answer in one short sentence.",
        Tools = [calculator],
        Temperature = 0,
    };

    console.Section("Pipeline");
    console.MarkupLine("LoggingChatClient → FunctionInvokingChatClient → OpenTelemetryChatClient → [bold]Ollama IChatClient[/] "
        + $"([grey]{Markup.Escape(ctx.Model)} at {Markup.Escape(ctx.EndpointText)}[/])");

    // 1. One response: the function-invoking client runs the tool loop and returns every message of it.
    console.Section("GetResponseAsync: What is 3666 × 5444?");
    var response = await chat.GetResponseAsync("What is 3666 × 5444?", options, cancellationToken);
    foreach (var message in response.Messages)
    {
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case FunctionCallContent call:
                    console.MarkupLine($"[grey]tool call:[/] {Markup.Escape(call.Name)}({Markup.Escape(string.Join(", ", call.Arguments?.Select(a => $"{a.Key}: {a.Value}") ?? []))})");
                    break;
                case FunctionResultContent result:
                    console.MarkupLine($"[grey]tool result:[/] [bold cyan]{Markup.Escape(result.Result?.ToString() ?? "null")}[/]");
                    break;
            }
        }
    }

    console.Field("Answer", response.Text, "green");
    console.Note($"finish reason {response.FinishReason}, {response.Usage?.InputTokenCount} input and {response.Usage?.OutputTokenCount} output tokens");

    // 2. A stream: text arrives as it is generated; tool calls and results pass through as contents.
    console.Section("GetStreamingResponseAsync: Which is larger, 9.9 or 9.11?");
    var answering = false;
    await foreach (var update in chat.GetStreamingResponseAsync("Which is larger, 9.9 or 9.11?", options, cancellationToken))
    {
        foreach (var content in update.Contents)
        {
            if (content is FunctionCallContent call)
            {
                console.MarkupLine($"[grey]tool call:[/] {Markup.Escape(call.Name)}({Markup.Escape(string.Join(", ", call.Arguments?.Select(a => $"{a.Key}: {a.Value}") ?? []))})");
            }
            else if (content is FunctionResultContent result)
            {
                console.MarkupLine($"[grey]tool result:[/] [bold cyan]{Markup.Escape(result.Result?.ToString() ?? "null")}[/]");
            }
        }

        if (update.Text.Length > 0)
        {
            if (!answering)
            {
                answering = true;
                console.Markup("[bold]Answer:[/] ");
            }

            console.Write(new Text(update.Text, new Style(Color.Green)));
        }

        // End the line with the last update, before the pipeline's spans end and are printed.
        if (answering && update.FinishReason is not null)
        {
            answering = false;
            console.WriteLine();
        }
    }

    if (answering)
    {
        console.WriteLine();
    }

    // Export the metrics now (otherwise once a minute); disposing the provider exports them once more, so dispose it here.
    console.Section("OpenTelemetry metrics");
    metrics?.Dispose();
    if (ctx.IsOffline)
    {
        console.Note("Offline: the model's answers are simulated; the calculator results, logs, spans and metrics are real.");
    }

    return 0;
});
