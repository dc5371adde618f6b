using System.Text.Json.Serialization;
using Ollama.Net.TestServer.Tool.Control;
using Ollama.Net.TestServer.Tool.Scenarios;

namespace Ollama.Net.TestServer.Tool;

/// <summary>
/// Every JSON the tool reads or writes (source-generated, so the NativeAOT binary needs no reflection): snake_case
/// names, comments and trailing commas allowed on input, nulls left out on output.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScenarioDocument))]
[JsonSerializable(typeof(List<ScenarioModel>))]
[JsonSerializable(typeof(List<ScenarioReply>))]
[JsonSerializable(typeof(List<ScenarioFault>))]
[JsonSerializable(typeof(RequestView))]
[JsonSerializable(typeof(List<RequestView>))]
[JsonSerializable(typeof(ControlState))]
[JsonSerializable(typeof(ControlError))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
