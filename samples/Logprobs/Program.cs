// Logprobs: how sure was the model of each token?
// 1. Streams a short answer with "logprobs" and "top_logprobs": each token is coloured by its probability, and a table
//    shows the alternatives the model weighed at each position.
// 2. Asks the tutorial's 1-10 score question (is this an AI-native company?) and reads the probabilities of the score
//    token: the distribution over the scores the model considered, and the probability-weighted score.
// Run: dotnet run --project samples/Logprobs [-- --model qwen2.5:0.5b] [--question "..."] [--company "科大讯飞"] [--top 5] [--offline]
using System.CommandLine;
using System.Globalization;
using Ollama.Net;
using Ollama.Net.Prompts;
using Samples.Common;
using Spectre.Console;

var app = new SampleApp("Logprobs", "Shows how sure the model was of each token, and of a 1-10 score.", "qwen2.5:0.5b", OfflineScenarios.Logprobs);
var questionOption = new Option<string>("--question", "-q")
{
    Description = "The question of part 1.",
    DefaultValueFactory = _ => "What is the capital of Australia? Answer in one short sentence.",
};
var companyOption = new Option<string>("--company") { Description = "The company to score in part 2.", DefaultValueFactory = _ => "科大讯飞" };
var topOption = new Option<int>("--top") { Description = "How many alternatives per token (top_logprobs, 1-20).", DefaultValueFactory = _ => 5 };
app.Command.Options.Add(questionOption);
app.Command.Options.Add(companyOption);
app.Command.Options.Add(topOption);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var console = ctx.Console;
    var top = Math.Clamp(parse.GetValue(topOption), 1, 20);

    // 1. Every token of a short answer, coloured by how likely the model found it.
    console.Section("1. How sure was the model of each token?");
    var question = parse.GetValue(questionOption)!;
    console.MarkupLine($"[bold]> {Markup.Escape(question)}[/]");
    var tokens = await StreamWithLogprobsAsync(new ChatRequest(ctx.Model, Message.User(question)) { Options = new ModelOptions { Temperature = 0 } });
    console.MarkupLine("[grey]Colour: [green]≥ 90 %[/]  [yellow]≥ 50 %[/]  [darkorange]≥ 20 %[/]  [red]< 20 %[/][/]");

    var table = new Table().Border(TableBorder.Rounded).Title("[bold]Tokens and the alternatives the model weighed[/]")
        .AddColumns("#", "Token", "Probability", "Top alternatives");
    table.Columns[2].RightAligned();
    for (var i = 0; i < tokens.Count; i++)
    {
        var token = tokens[i];
        var alternatives = (token.TopLogprobs ?? [])
            .Where(t => t.Token != token.Token)
            .Select(t => $"{Quote(t.Token)} {Percent(t.Probability)}");
        table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(Quote(token.Token)),
            $"[{Style(token.Probability)}]{Percent(token.Probability)}[/]", Markup.Escape(string.Join(", ", alternatives)));
    }

    console.Write(table);
    if (tokens.Count > 0)
    {
        var least = tokens.MinBy(t => t.LogProbability)!;
        console.MarkupLine($"Least sure: {Markup.Escape(Quote(least.Token))} at {Percent(least.Probability)}; "
            + $"the whole answer had probability {Percent(Math.Exp(tokens.Sum(t => t.LogProbability)))} (the product of its tokens').");
    }

    // 2. The tutorial's score question: the probabilities of the score token show how sure the model was.
    console.Section("2. How sure was the model of its score?");
    var constraint = FormatConstraint.Integer(1, 10);
    var prompt = new PromptBuilder(PromptLanguage.Chinese)
        .WithRole("一名资深的行业分析师")
        .AddDefinition("AI原生公司", "核心产品和主要收入都建立在人工智能之上的公司；没有人工智能，它的主要产品就不存在")
        .WithTask("根据上面的定义，判断这家公司有多符合“AI原生公司”，1分表示完全不符合，10分表示完全符合")
        .WithInput(parse.GetValue(companyOption)!)
        .WithOutputFormat(constraint)
        .WithoutReasons()
        .Build();
    console.TextPanel("Prompt", prompt.ToString());
    var request = prompt.ToChatRequest(ctx.Model);
    request.Options = new ModelOptions { Temperature = 0 };
    var scoreTokens = await StreamWithLogprobsAsync(request);
    var answer = string.Concat(scoreTokens.Select(t => t.Token));
    var parsed = constraint.Parse(answer);
    if (!parsed.IsSuccess)
    {
        console.MarkupLine($"[red]The answer did not parse as a score:[/] {Markup.Escape(parsed.Error ?? answer)}");
        return 1;
    }

    // The first token that starts a number decides the score; its alternatives are the other scores the model weighed.
    var scoreToken = scoreTokens.FirstOrDefault(t => t.Token.Trim() is { Length: > 0 } s && char.IsAsciiDigit(s[0]));
    var candidates = (scoreToken?.TopLogprobs ?? [])
        .Select(t => (Ok: int.TryParse(t.Token.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var score) && score is >= 1 and <= 10, Score: score, t.Probability))
        .Where(c => c.Ok)
        .GroupBy(c => c.Score)
        .Select(g => (Score: g.Key, Probability: g.Sum(c => c.Probability)))
        .OrderByDescending(c => c.Probability)
        .ToList();
    console.MarkupLine($"Score: [bold]{parsed.Value}[/]");
    if (candidates.Count == 0)
    {
        console.Note("The server returned no alternatives for the score token.");
        return 0;
    }

    var chart = new BarChart().Width(60).Label("[bold]Probability of each score, in %[/]");
    foreach (var (score, probability) in candidates.OrderBy(c => c.Score))
    {
        chart.AddItem(score.ToString(CultureInfo.InvariantCulture), Math.Round(probability * 100, 1), score == parsed.Value ? Color.Green : Color.Grey);
    }

    console.Write(chart);
    var covered = candidates.Sum(c => c.Probability);
    var expected = candidates.Sum(c => c.Score * c.Probability) / covered;
    var chosen = candidates.FirstOrDefault(c => c.Score == parsed.Value).Probability;
    var runnerUp = candidates.FirstOrDefault(c => c.Score != parsed.Value);
    console.MarkupLine($"The model was [{Style(chosen)}]{Percent(chosen)} sure[/] of {parsed.Value}"
        + (runnerUp.Score > 0 ? $"; next came {runnerUp.Score} at {Percent(runnerUp.Probability)}." : "."));
    console.MarkupLine($"Probability-weighted score: [bold]{expected:0.00}[/] (over scores covering {Percent(covered)} of the probability).");
    console.Note("A weighted score is steadier than the single answer when many items are ranked; a low probability flags answers "
        + "worth a second look. Models that split numbers into digits (Qwen) give \"1\" for 10: read the next token too.");
    return 0;

    // Streams a chat answer with logprobs, writing each token coloured by its probability; returns the tokens.
    async Task<List<Logprob>> StreamWithLogprobsAsync(ChatRequest chat)
    {
        chat.Logprobs = true;
        chat.TopLogprobs = top;
        var collected = new List<Logprob>();
        await foreach (var update in ctx.Client.ChatStreamingAsync(chat, cancellationToken))
        {
            foreach (var token in update.Logprobs ?? [])
            {
                console.Markup($"[{Style(token.Probability)}]{Markup.Escape(token.Token)}[/]");
                collected.Add(token);
            }

            if (update.Done)
            {
                console.WriteLine();
            }
        }

        return collected;
    }
});

static string Style(double probability) => probability switch
{
    >= 0.9 => "green",
    >= 0.5 => "yellow",
    >= 0.2 => "darkorange",
    _ => "red",
};

static string Percent(double probability) => (probability * 100).ToString(probability >= 0.1 ? "0" : "0.0", CultureInfo.InvariantCulture) + " %";

static string Quote(string token) => "\"" + token + "\"";
