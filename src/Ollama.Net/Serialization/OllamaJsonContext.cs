using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>
/// Source-generated JSON metadata for every wire type (trimming- and NativeAOT-safe). Snake-case naming, but every
/// property also has an explicit <see cref="JsonPropertyNameAttribute"/> with its exact wire name. Nulls are not written;
/// unknown response fields are ignored.
/// Keep this one file; list types alphabetically, grouped by folder.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    WriteIndented = false)]
// Account/
[JsonSerializable(typeof(CloudStatus))]
[JsonSerializable(typeof(ServerStatus))]
[JsonSerializable(typeof(UserAccount))]
// Chat/
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatResult))]
[JsonSerializable(typeof(ChatUpdate))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(MessageRole))]
// Common/
[JsonSerializable(typeof(DebugInfo))]
[JsonSerializable(typeof(DoneReason))]
[JsonSerializable(typeof(ImageData))]
[JsonSerializable(typeof(KeepAlive))]
[JsonSerializable(typeof(Logprob))]
[JsonSerializable(typeof(ModelOptions))]
[JsonSerializable(typeof(OutputFormat))]
[JsonSerializable(typeof(ServerVersion))]
[JsonSerializable(typeof(ThinkValue))]
[JsonSerializable(typeof(TokenLogprob))]
// Conversations/
[JsonSerializable(typeof(ChatHistoryDocument))]
// Embeddings/
[JsonSerializable(typeof(EmbedRequest))]
[JsonSerializable(typeof(EmbedResult))]
[JsonSerializable(typeof(LegacyEmbeddingRequest))]
[JsonSerializable(typeof(LegacyEmbeddingResult))]
// Generate/
[JsonSerializable(typeof(GenerateRequest))]
[JsonSerializable(typeof(GenerateResult))]
[JsonSerializable(typeof(GenerateUpdate))]
// Management/
[JsonSerializable(typeof(CopyModelRequest))]
[JsonSerializable(typeof(CreateModelRequest))]
[JsonSerializable(typeof(DeleteModelRequest))]
[JsonSerializable(typeof(ListModelsResult))]
[JsonSerializable(typeof(ListRunningModelsResult))]
[JsonSerializable(typeof(LocalModel))]
[JsonSerializable(typeof(ModelCapability))]
[JsonSerializable(typeof(ModelDetails))]
[JsonSerializable(typeof(ModelRecommendation))]
[JsonSerializable(typeof(ModelRecommendationsResult))]
[JsonSerializable(typeof(ModelTensor))]
[JsonSerializable(typeof(ProgressUpdate))]
[JsonSerializable(typeof(PullModelRequest))]
[JsonSerializable(typeof(PushModelRequest))]
[JsonSerializable(typeof(RunningModel))]
[JsonSerializable(typeof(ShowModelRequest))]
[JsonSerializable(typeof(ShowModelResult))]
// Tools/
[JsonSerializable(typeof(Tool))]
[JsonSerializable(typeof(ToolCall))]
[JsonSerializable(typeof(ToolCallFunction))]
[JsonSerializable(typeof(ToolFunction))]
[JsonSerializable(typeof(ToolFunctionParameters))]
[JsonSerializable(typeof(ToolProperty))]
[JsonSerializable(typeof(ToolPropertyType))]
// Web/
[JsonSerializable(typeof(WebFetchRequest))]
[JsonSerializable(typeof(WebFetchResult))]
[JsonSerializable(typeof(WebSearchHit))]
[JsonSerializable(typeof(WebSearchRequest))]
[JsonSerializable(typeof(WebSearchResult))]
// Shared primitives
[JsonSerializable(typeof(JsonElement))]
internal partial class OllamaJsonContext : JsonSerializerContext
{
}
