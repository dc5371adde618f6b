using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Ollama.Net.Packaging.Tests;

/// <summary>
/// The public API baselines (<c>PublicAPI.Shipped.txt</c> + <c>PublicAPI.Unshipped.txt</c>, enforced at build time by
/// Microsoft.CodeAnalysis.PublicApiAnalyzers) checked against the assembly that is actually packed: every public type
/// of the package is listed, and every type listed is still public in it.
/// </summary>
public class PublicApiFileTests
{
    public static TheoryData<string> Ids() => [.. PackageFolder.LibraryIds];

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_public_api_files_list_exactly_the_public_types_of_the_packed_assembly(string id)
    {
        var project = Path.Combine(PackageFolder.RepositoryRoot, "src", id);
        var lines = new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" }
            .SelectMany(name =>
            {
                var path = Path.Combine(project, name);
                Assert.True(File.Exists(path), $"{id} has no {name}: run eng/refresh-public-api.sh.");
                var text = File.ReadAllLines(path);
                Assert.Equal("#nullable enable", text.FirstOrDefault());
                return text.Skip(1);
            })
            .Where(line => line.Length > 0)
            .Select(line => line.StartsWith("*REMOVED*", StringComparison.Ordinal) ? string.Empty : line)
            .ToHashSet(StringComparer.Ordinal);

        using var package = new Package(PackageFolder.Nupkg(id));
        var types = PublicTypeNames(package.Read($"lib/net10.0/{id}.dll"));

        Assert.NotEmpty(types);
        var unlisted = types.Where(t => !lines.Contains(t)).ToList();
        Assert.True(unlisted.Count == 0, $"Public types of {id} missing from its PublicAPI files (run eng/refresh-public-api.sh): {string.Join(", ", unlisted)}");

        // A line that is only a name (members have a signature, "->" or a modifier) is a type: it must still be public.
        var gone = lines.Where(l => l.Length > 0 && !l.Contains(' ', StringComparison.Ordinal) && !l.Contains('(', StringComparison.Ordinal) && !types.Contains(l));
        Assert.Empty(gone);
    }

    private static HashSet<string> PublicTypeNames(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var reader = pe.GetMetadataReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            if (Name(reader, handle) is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    // The PublicAPI spelling of a type visible outside the assembly ("Ns.Outer.Inner", "Ns.Index<TKey>"), else null.
    private static string? Name(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        string prefix;
        var inherited = 0;
        if (visibility == TypeAttributes.Public)
        {
            prefix = reader.GetString(type.Namespace);
        }
        else if (visibility is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem)
        {
            var declaring = type.GetDeclaringType();
            if (Name(reader, declaring) is not { } outer)
            {
                return null;
            }

            prefix = outer;
            inherited = reader.GetTypeDefinition(declaring).GetGenericParameters().Count;
        }
        else
        {
            return null;
        }

        var name = reader.GetString(type.Name);
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        var parameters = type.GetGenericParameters().Skip(inherited).Select(p => reader.GetString(reader.GetGenericParameter(p).Name)).ToList();
        if (parameters.Count > 0)
        {
            name += "<" + string.Join(", ", parameters) + ">";
        }

        return prefix.Length == 0 ? name : prefix + "." + name;
    }
}
