// ModelManagement: what `ollama list / pull / show / ps / cp / rm` do, through OllamaClient.
// Without a subcommand it takes a tour: list, pull --model (a progress bar per layer and overall), show, load and ps,
// copy to a new name, list, delete the copy. Subcommands do one thing each:
//   list | pull <model> | show <model> | ps | cp <source> <destination> | rm <model>
// Run: dotnet run --project samples/ModelManagement [-- pull llama3.2:1b] [--offline]
using System.CommandLine;
using ModelManagement;
using Samples.Common;

var app = new SampleApp("ModelManagement", "List, pull, show, ps, copy and delete models.", "qwen2.5:0.5b",
    OfflineScenarios.ModelManagement, ModelKind.None);

var model = new Argument<string>("model") { Description = "The model name, such as qwen2.5:0.5b." };
var source = new Argument<string>("source") { Description = "The model to copy." };
var destination = new Argument<string>("destination") { Description = "The new name." };

var list = new Command("list", "List the installed models.");
var pull = new Command("pull", "Download a model, with a progress bar per layer.") { model };
var show = new Command("show", "Show a model's details.") { model };
var ps = new Command("ps", "List the models loaded in memory.");
var cp = new Command("cp", "Copy a model to a new name.") { source, destination };
var rm = new Command("rm", "Delete a model.") { model };
foreach (var command in new[] { list, pull, show, ps, cp, rm })
{
    app.Command.Subcommands.Add(command);
}

app.SetAction(list, (ctx, _, ct) => new ModelCommands(ctx, ct).ListAsync());
app.SetAction(pull, (ctx, parse, ct) => new ModelCommands(ctx, ct).PullAsync(parse.GetValue(model)!));
app.SetAction(show, (ctx, parse, ct) => new ModelCommands(ctx, ct).ShowAsync(parse.GetValue(model)!));
app.SetAction(ps, (ctx, _, ct) => new ModelCommands(ctx, ct).PsAsync());
app.SetAction(cp, (ctx, parse, ct) => new ModelCommands(ctx, ct).CopyAsync(parse.GetValue(source)!, parse.GetValue(destination)!));
app.SetAction(rm, (ctx, parse, ct) => new ModelCommands(ctx, ct).DeleteAsync(parse.GetValue(model)!));
app.SetAction(app.Command, (ctx, _, ct) => new ModelCommands(ctx, ct).TourAsync());
return await app.RunAsync(args);
