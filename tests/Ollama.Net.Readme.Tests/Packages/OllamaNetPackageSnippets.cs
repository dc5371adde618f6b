using Ollama.Net.Numerics;
using Ollama.Net.Prompts;

namespace Ollama.Net.Readme.Tests.Packages;

// The C# blocks of src/Ollama.Net/README.md (the package's page on NuGet) live here between
// "#region snippet:<name>" and "#endregion". PackageReadmeTests checks that each block marked
// "[//]: # (snippet: name)" equals its region (after the block's using directives, which must be among this file's),
// and runs every snippet against OllamaTestServer (reading what it printed).
internal static class OllamaNetPackageSnippets
{
    public static async Task<string> Chat()
    {
        #region snippet:pkg-chat
        using var client = new OllamaClient();   // OLLAMA_HOST, else http://127.0.0.1:11434

        ChatResult reply = await client.ChatAsync(new ChatRequest("qwen2.5:0.5b", Message.User("Why is the sky blue?")));
        Console.WriteLine(reply.Message.Content);
        #endregion
        return reply.Message.Content;
    }

    public static async Task Streaming(OllamaClient client)
    {
        #region snippet:pkg-streaming
        await foreach (ChatUpdate update in client.ChatStreamingAsync(new ChatRequest("qwen2.5:0.5b", Message.User("Tell me a story."))))
        {
            Console.Write(update.Message.Content);   // token by token; the last update has Done = true
        }
        #endregion
    }

    public static async Task<SearchHit<string>[]> Embeddings(OllamaClient client)
    {
        #region snippet:pkg-embeddings
        string[] poems = ["大江东去，浪淘尽，千古风流人物。", "明月几时有？把酒问青天。", "寻寻觅觅，冷冷清清，凄凄惨惨戚戚。"];
        EmbedResult embedded = await client.EmbedAsync("all-minilm", poems);

        float similarity = EmbeddingMath.CosineSimilarity(embedded.Embeddings[0].Span, embedded.Embeddings[1].Span);

        using var index = new EmbeddingIndex<string>(embedded.Dimensions);
        index.AddRange(poems, embedded.Embeddings);
        EmbedResult query = await client.EmbedAsync("all-minilm", "明月");
        SearchHit<string>[] best = index.Search(query.Embeddings[0].Span, k: 2);   // highest cosine first
        #endregion
        Assert.InRange(similarity, -1f, 1f);
        return best;
    }

    public static async Task<int> Prompt(OllamaClient client)
    {
        #region snippet:pkg-prompt
        Prompt prompt = new PromptBuilder()
            .WithRole("a senior industry analyst")
            .WithTask("Rate how AI-native this company is")
            .WithInput("Acme Robotics")
            .WithOutputFormat(FormatConstraint.Integer(1, 10))
            .Build();

        // Parses "8", "Score: 8/10" or "8分" into an int, and re-asks when the answer does not parse.
        ReaskResult<int> score = await client.AskAsync(prompt, "qwen2.5:0.5b", FormatConstraint.Integer(1, 10));
        #endregion
        return score.Value;
    }

    public static async Task Errors(OllamaClient client)
    {
        #region snippet:pkg-errors
        try
        {
            await client.ChatAsync(new ChatRequest("no-such-model", Message.User("Hi")));
        }
        catch (OllamaModelNotFoundException e)
        {
            Console.WriteLine($"Run 'ollama pull {e.ModelName}' first.");
        }
        #endregion
    }
}
