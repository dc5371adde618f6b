using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net;

/// <summary>
/// A tool a <see cref="ChatSession"/> can run for the model: its <see cref="Definition"/> (name, description, JSON Schema
/// of the arguments) and the C# code that answers a call. Create one from a delegate with typed arguments with
/// <see cref="Create{TArgs}(string, string?, JsonTypeInfo{TArgs}, Func{TArgs, CancellationToken, ValueTask{string}})"/>:
/// the schema comes from source-generated metadata, as in <see cref="Tool.FromType{T}(string, string?, JsonTypeInfo{T})"/>,
/// so it is trimming- and NativeAOT-safe.
/// </summary>
/// <example>
/// <code>
/// [JsonSerializable(typeof(WeatherArgs))] partial class MyJson : JsonSerializerContext;
/// record WeatherArgs([property: Description("The city")] string City);
///
/// session.Tools.Add(ChatTool.Create("get_weather", "Current weather of a city.", MyJson.Default.WeatherArgs,
///     async (args, cancellationToken) =&gt; await weather.DescribeAsync(args.City, cancellationToken)));
/// </code>
/// </example>
public sealed class ChatTool
{
    // Parsing the arguments is separate from running the tool: a parse failure is the model's mistake (always reported to
    // it), an exception from the tool follows ChatSession.ThrowOnToolError.
    private readonly Func<ToolCall, Func<CancellationToken, ValueTask<string>>> _bind;

    private ChatTool(Tool definition, Func<ToolCall, Func<CancellationToken, ValueTask<string>>> bind)
    {
        Definition = definition;
        _bind = bind;
    }

    /// <summary>The definition sent to the model in <see cref="ChatRequest.Tools"/>.</summary>
    public Tool Definition { get; }

    /// <summary>The function name the model calls.</summary>
    public string Name => Definition.Function.Name;

    /// <summary>Creates a tool from an asynchronous delegate with typed arguments.</summary>
    /// <typeparam name="TArgs">The arguments type (a class or record whose properties are the parameters).</typeparam>
    /// <param name="name">The function name the model uses to call it.</param>
    /// <param name="description">What the function does; helps the model decide when to call it.</param>
    /// <param name="argumentsTypeInfo">Source-generated metadata of <typeparamref name="TArgs"/>; builds the schema and parses the arguments.</param>
    /// <param name="function">Runs the call: the parsed arguments and the session's cancellation token in, the result text (often JSON) out.</param>
    /// <returns>The tool.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="argumentsTypeInfo"/> or <paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is empty, or <typeparamref name="TArgs"/> is not an object type.</exception>
    public static ChatTool Create<TArgs>(
        string name, string? description, JsonTypeInfo<TArgs> argumentsTypeInfo, Func<TArgs, CancellationToken, ValueTask<string>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var definition = Tool.FromType(name, description, argumentsTypeInfo);
        return new ChatTool(definition, call =>
        {
            var arguments = call.GetArguments(argumentsTypeInfo);
            return cancellationToken => function(arguments, cancellationToken);
        });
    }

    /// <summary>Creates a tool from a synchronous delegate with typed arguments.</summary>
    /// <typeparam name="TArgs">The arguments type (a class or record whose properties are the parameters).</typeparam>
    /// <param name="name">The function name the model uses to call it.</param>
    /// <param name="description">What the function does; helps the model decide when to call it.</param>
    /// <param name="argumentsTypeInfo">Source-generated metadata of <typeparamref name="TArgs"/>; builds the schema and parses the arguments.</param>
    /// <param name="function">Runs the call: the parsed arguments in, the result text (often JSON) out.</param>
    /// <returns>The tool.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="argumentsTypeInfo"/> or <paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is empty, or <typeparamref name="TArgs"/> is not an object type.</exception>
    public static ChatTool Create<TArgs>(string name, string? description, JsonTypeInfo<TArgs> argumentsTypeInfo, Func<TArgs, string> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Create(name, description, argumentsTypeInfo, (arguments, _) => ValueTask.FromResult(function(arguments)));
    }

    /// <summary>
    /// Creates a tool from a definition written by hand (<see cref="Tool.FromSchema(string, string?, System.Text.Json.JsonElement)"/>)
    /// and a delegate that reads the raw call (<see cref="ToolCall.Function"/>'s arguments as JSON).
    /// </summary>
    /// <param name="definition">The tool definition; its function name is the name the model calls.</param>
    /// <param name="function">Runs the call: the call and the session's cancellation token in, the result text out.</param>
    /// <returns>The tool.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> or <paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentException">The definition has no function name.</exception>
    public static ChatTool Create(Tool definition, Func<ToolCall, CancellationToken, ValueTask<string>> function)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(function);
        if (string.IsNullOrWhiteSpace(definition.Function?.Name))
        {
            throw new ArgumentException("The tool definition has no function name; set Definition.Function.Name.", nameof(definition));
        }

        return new ChatTool(definition, call => cancellationToken => function(call, cancellationToken));
    }

    /// <summary>Parses the call's arguments (throws <see cref="System.Text.Json.JsonException"/>) and returns the run.</summary>
    internal Func<CancellationToken, ValueTask<string>> Bind(ToolCall call) => _bind(call);

    /// <summary>Returns the name.</summary>
    public override string ToString() => Name;
}
