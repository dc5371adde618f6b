using System.Security.Cryptography;
using System.Text.Json;
using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline answers for the Vision sample. The simulated server cannot see, so the picture shipped with the sample gets a
/// scripted description, and any other picture an honest one built from its header (format and size). Models without
/// the vision capability are refused by the test server itself, as Ollama's runner refuses them.
/// </summary>
public sealed class VisionScenario : OfflineScenario
{
    /// <summary>The SHA-256 of <c>samples/Vision/images/house.png</c> (redraw it with <c>draw-picture.py</c>: same bytes).</summary>
    public const string ShippedPictureSha256 = "f5c6b257582114f9c491bb65868284add62bafa98b843c83245bf3cb5a251ae7";

    /// <summary>The scripted description of the shipped picture.</summary>
    public const string ShippedPictureDescription =
        "A simple, cartoon-like drawing of a small cream-coloured house with a red roof, a brown door and one window, "
        + "standing on a green hill. To its right is a round green tree, and a yellow sun shines in a clear blue sky. "
        + "The scene is calm and sunny, like a child's drawing of home.";

    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ReplyGenerator = new ReplyRules().When(c => Images(c).Count > 0, Describe).Reply;
    }

    private static ScriptedReply Describe(ReplyContext context)
    {
        var descriptions = Images(context).Select(image =>
            Convert.ToHexStringLower(SHA256.HashData(image)) == ShippedPictureSha256
                ? ShippedPictureDescription
                : $"(Simulated: the offline server cannot see.) The picture is a {ImageInfo.Read(image)} image of {image.Length:N0} bytes.");
        return new ScriptedReply { Content = string.Join("\n\n", descriptions), ChunkSize = 6 };
    }

    private static List<byte[]> Images(ReplyContext context)
    {
        var images = new List<byte[]>();
        foreach (var message in context.IsChat ? context.Messages : [context.Request])
        {
            if (message.TryGetProperty("images", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                images.AddRange(list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetBytesFromBase64()));
            }
        }

        return images;
    }
}
