using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ollama.Net.TestServer.Tool.Scenarios;

namespace Ollama.Net.TestServer.Tool.Control;

/// <summary>
/// The control API under <c>/_test/</c>, a prefix Ollama never uses: tests in any language script the running server
/// with it. Bodies use the scenario file's objects (one or an array). Its own requests are not recorded.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>GET /_test/state</c></term><description>models, registry, loaded models, pending replies and faults, request count</description></item>
/// <item><term><c>POST /_test/replies</c></term><description>queue replies; <c>DELETE</c> clears them</description></item>
/// <item><term><c>POST /_test/models</c>, <c>POST /_test/registry</c></term><description>install models, or make them pullable</description></item>
/// <item><term><c>POST /_test/faults</c></term><description>inject faults; <c>DELETE</c> removes them all</description></item>
/// <item><term><c>GET /_test/requests</c></term><description>the recorded requests; <c>DELETE</c> clears them</description></item>
/// <item><term><c>POST /_test/reset</c></term><description>back to the scenario's initial state</description></item>
/// </list>
/// </remarks>
internal sealed class ControlApi(ToolServer tool)
{
    public const string Prefix = "/_test";

    private static readonly (string Path, string Methods)[] Routes =
    [
        ("/state", "GET"),
        ("/replies", "POST, DELETE"),
        ("/models", "POST"),
        ("/registry", "POST"),
        ("/faults", "POST, DELETE"),
        ("/requests", "GET, DELETE"),
        ("/reset", "POST"),
    ];

    /// <summary>Serves the control API under <see cref="Prefix"/> in front of the Ollama routes.</summary>
    public void Map(IApplicationBuilder app) => app.Map(Prefix, branch => branch.Run(HandleAsync));

    private async Task HandleAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? string.Empty).TrimEnd('/');
        var method = context.Request.Method;
        try
        {
            switch (path, method)
            {
                case ("/state", "GET"):
                    break;
                case ("/replies", "POST"):
                    foreach (var (model, reply) in ScenarioLoader.Replies(await BodyAsync(context).ConfigureAwait(false)))
                    {
                        _ = model is null ? tool.Server.Replies.Enqueue(reply) : tool.Server.Replies.Enqueue(model, reply);
                    }

                    break;
                case ("/replies", "DELETE"):
                    tool.Server.Replies.Clear();
                    break;
                case ("/models", "POST"):
                    tool.Server.Models.AddRange(ScenarioLoader.Models(await BodyAsync(context).ConfigureAwait(false)));
                    break;
                case ("/registry", "POST"):
                    tool.Server.Registry.AddRange(ScenarioLoader.Models(await BodyAsync(context).ConfigureAwait(false)));
                    break;
                case ("/faults", "POST"):
                    ScenarioLoader.Faults(await BodyAsync(context).ConfigureAwait(false)).ForEach(f => f.Register(tool.Server.Faults));
                    break;
                case ("/faults", "DELETE"):
                    tool.Server.Faults.Clear();
                    break;
                case ("/requests", "GET"):
                    await WriteAsync(context, 200, [.. tool.Requests.Select(RequestView.From)], ToolJsonContext.Default.ListRequestView).ConfigureAwait(false);
                    return;
                case ("/requests", "DELETE"):
                    tool.ClearRequests();
                    break;
                case ("/reset", "POST"):
                    tool.Reset();
                    break;
                default:
                    await NotFoundAsync(context, path, method).ConfigureAwait(false);
                    return;
            }

            // Every other call answers with the state it leaves.
            await WriteStateAsync(context).ConfigureAwait(false);
        }
        catch (ScenarioException ex)
        {
            await WriteAsync(context, 400, new ControlError(ex.Message), ToolJsonContext.Default.ControlError).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> BodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.Length > 0
            ? buffer.ToArray()
            : throw new ScenarioException(null, null, string.Empty, "missing request body; expected a JSON object or an array of them");
    }

    private static Task NotFoundAsync(HttpContext context, string path, string method)
    {
        var route = Array.Find(Routes, r => r.Path == path);
        if (route.Path is not null)
        {
            context.Response.Headers.Allow = route.Methods;
            return WriteAsync(context, 405, new ControlError($"{method} is not allowed on {Prefix}{path}; use {route.Methods}"), ToolJsonContext.Default.ControlError);
        }

        var known = string.Join("; ", Routes.Select(r => $"{r.Methods.Replace(", ", "|", StringComparison.Ordinal)} {Prefix}{r.Path}"));
        return WriteAsync(context, 404, new ControlError($"no control route {Prefix}{path}; the routes are: {known}"), ToolJsonContext.Default.ControlError);
    }

    private Task WriteStateAsync(HttpContext context)
    {
        var server = tool.Server;
        var state = new ControlState
        {
            Models = [.. server.Models.Select(m => m.Name)],
            Registry = [.. server.Registry.Select(m => m.Name)],
            LoadedModels = server.LoadedModels,
            PendingReplies = server.Replies.Pending,
            PendingFaults = server.Faults.Pending,
            Requests = tool.Requests.Count,
        };
        return WriteAsync(context, 200, state, ToolJsonContext.Default.ControlState);
    }

    private static async Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> info)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, info, context.RequestAborted).ConfigureAwait(false);
    }
}
