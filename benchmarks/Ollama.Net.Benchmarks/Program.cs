using BenchmarkDotNet.Running;
using Ollama.Net.Benchmarks.Client;
using Ollama.Net.Benchmarks.Client.EndToEnd;

// Modes:
//   dotnet run -c Release -- check          run each client benchmark once and compare the two libraries' results
//   dotnet run -c Release -- e2e [...]      end-to-end loopback run (see Client/EndToEnd/EndToEndCommand.cs)
//   dotnet run -c Release -- routing [...]  routing simulation over several OllamaTestServers (see Routing/RoutingCommand.cs)
//   dotnet run -c Release -- paths          the kernel claims on every instruction-set path, side by side (Numerics/PathsCommand.cs)
//   dotnet run -c Release -- recall [rows] [--no-hnsw]  recall@10 and time of every storage and option, with USearch (Numerics/RecallCommand.cs)
//   dotnet run -c Release -- million [rows] a million rows: flat int8 vs IVF, build, save/load, memory (Numerics/MillionCommand.cs)
//   dotnet run -c Release -- --filter ...   BenchmarkDotNet
if (args.Length > 0 && args[0] == "check")
{
    return await SanityCheck.RunAsync();
}

if (args.Length > 0 && args[0] == "paths")
{
    return Ollama.Net.Benchmarks.Numerics.PathsCommand.Run(args);
}

if (args.Length > 0 && args[0] == "paths-child")
{
    return Ollama.Net.Benchmarks.Numerics.PathsCommand.RunChild();
}

if (args.Length > 0 && args[0] == "recall")
{
    return Ollama.Net.Benchmarks.Numerics.RecallCommand.Run(args);
}

if (args.Length > 0 && args[0] == "million")
{
    return Ollama.Net.Benchmarks.Numerics.MillionCommand.Run(args);
}

if (args.Length > 0 && args[0] == "e2e")
{
    return await EndToEndCommand.RunAsync(args);
}

if (args.Length > 0 && args[0] == "routing")
{
    return await Ollama.Net.Benchmarks.Routing.RoutingCommand.RunAsync(args);
}

if (args.Length > 0 && args[0] == "e2e-client")
{
    return await EndToEndCommand.RunClientAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
