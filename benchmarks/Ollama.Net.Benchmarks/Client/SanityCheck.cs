namespace Ollama.Net.Benchmarks.Client;

/// <summary>
/// <c>dotnet run -c Release -- check</c>: runs every client benchmark once per library and prints what each returned,
/// so a benchmark that measures a failing or diverging call is caught before a long run.
/// </summary>
public static class SanityCheck
{
    public static async Task<int> RunAsync()
    {
        var failures = 0;

        var streaming = new StreamingChatBenchmarks();
        streaming.Setup();
        failures += Compare("streaming chat (content chars)", await streaming.OllamaSharp(), await streaming.OllamaNet());

        var chat = new ChatBenchmarks();
        chat.Setup();
        failures += Compare("chat (content chars)", await chat.OllamaSharp(), await chat.OllamaNet());

        foreach (var shape in new[] { "256x1024", "16x4096" })
        {
            var embed = new EmbedBenchmarks { Shape = shape };
            embed.Setup();
            failures += Compare($"embed {shape} (last float)", await embed.OllamaSharp(), await embed.OllamaNet());
            var (sharpValues, ourValues) = await embed.AllValuesAsync();
            var differing = sharpValues.Length != ourValues.Length ? -1
                : Enumerable.Range(0, sharpValues.Length).Count(i => BitConverter.SingleToInt32Bits(sharpValues[i]) != BitConverter.SingleToInt32Bits(ourValues[i]));
            failures += Compare($"embed {shape} (values not bit-identical, of {ourValues.Length})", 0, differing);
        }

        var request = new RequestSerializationBenchmarks();
        request.Setup();
        failures += Compare("request serialization (reply chars)", await request.OllamaSharp(), await request.OllamaNet());

        var chatClient = new ChatClientStreamingBenchmarks();
        chatClient.Setup();
        failures += Compare("IChatClient streaming (text chars)", await chatClient.OllamaSharp(), await chatClient.OllamaNet());

        Console.WriteLine(failures == 0 ? "All checks agree." : $"{failures} check(s) differ.");
        return failures == 0 ? 0 : 1;
    }

    private static int Compare<T>(string name, T sharp, T ours)
    {
        var same = EqualityComparer<T>.Default.Equals(sharp, ours);
        Console.WriteLine($"{(same ? "ok  " : "DIFF")} {name}: OllamaSharp {sharp}, Ollama.Net {ours}");
        return same ? 0 : 1;
    }
}
