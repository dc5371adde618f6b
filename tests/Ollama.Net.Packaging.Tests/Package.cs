using System.IO.Compression;
using System.Xml.Linq;

namespace Ollama.Net.Packaging.Tests;

/// <summary>A .nupkg opened for reading: its entries and its nuspec.</summary>
internal sealed class Package : IDisposable
{
    private readonly ZipArchive _zip;

    public Package(string path)
    {
        Assert.True(File.Exists(path), $"Missing package {path}.");
        _zip = ZipFile.OpenRead(path);
        var nuspec = _zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        Nuspec = XDocument.Load(stream);
        Ns = Nuspec.Root!.Name.Namespace;
        Metadata = Nuspec.Root.Element(Ns + "metadata")!;
    }

    public XDocument Nuspec { get; }

    public XNamespace Ns { get; }

    public XElement Metadata { get; }

    public IEnumerable<string> Entries => _zip.Entries.Select(e => e.FullName);

    public string? Meta(string name) => Metadata.Element(Ns + name)?.Value;

    public byte[] Read(string entry)
    {
        var e = _zip.GetEntry(entry);
        Assert.True(e is not null, $"The package has no {entry}; it has: {string.Join(", ", Entries)}");
        using var stream = e!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose() => _zip.Dispose();
}
