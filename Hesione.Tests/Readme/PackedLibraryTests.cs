using System.IO.Compression;
using System.Xml.Linq;
using FluentAssertions;
using Xunit;

namespace Hesione.Tests.Readme;

/// <summary>
/// What a library user gets: <c>dotnet pack Hesione.PromQL</c>, then a new console app that references the packed
/// package from a local folder (plus the machine's configured NuGet sources, for Pidgin) and whose <c>Program.cs</c> is
/// the README's C# block, verbatim. It must build and print what the block's comments say. Slow (about 20 s): run it
/// alone with <c>dotnet test --filter Category=Slow</c>; it runs in the whole suite too.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PackedLibraryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hesione-package-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The first <c>```csharp</c> block of a Markdown file.</summary>
    internal static string CSharpBlock(string markdownPath)
    {
        var text = File.ReadAllText(markdownPath).ReplaceLineEndings("\n");
        const string fence = "```csharp\n";
        var start = text.IndexOf(fence, StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, $"{markdownPath} has a C# block");
        start += fence.Length;
        return text[start..text.IndexOf("```\n", start, StringComparison.Ordinal)];
    }

    /// <summary>The comment lines that directly follow a <c>Console.WriteLine</c>: what the block says it prints.</summary>
    private static IEnumerable<string> PromisedOutput(string block)
    {
        var lines = block.Split('\n');
        for (var i = 1; i < lines.Length; i++)
            if (lines[i - 1].Contains("Console.WriteLine(", StringComparison.Ordinal) && lines[i].StartsWith("// ", StringComparison.Ordinal))
                yield return lines[i][3..];
    }

    [Fact]
    public async Task The_README_example_builds_and_runs_verbatim_against_the_packed_library()
    {
        var root = ReadmeTests.RepositoryRoot();
        var block = CSharpBlock(Path.Combine(root, "README.md"));
        CSharpBlock(Path.Combine(root, "Hesione.PromQL", "README.md")).Should().Be(block, "the package README shows the same example");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<configuration>/net10.0/
        var feed = Directory.CreateDirectory(Path.Combine(_directory, "feed")).FullName;

        await DotnetCli.RunAsync(root, "pack", "Hesione.PromQL/Hesione.PromQL.csproj", "-c", configuration, "--no-build", "-o", feed);
        var package = Directory.GetFiles(feed, "*.nupkg").Single();
        var version = Path.GetFileNameWithoutExtension(package)["Hesione.PromQL.".Length..];

        var app = Directory.CreateDirectory(Path.Combine(_directory, "app")).FullName;
        await DotnetCli.RunAsync(app, "new", "console", "--framework", "net10.0", "--no-restore");
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), block);
        // The local folder plus the machine's own sources, and a packages folder of its own, so that no Hesione.PromQL
        // of an earlier run or of the machine's cache is taken; the package's dependencies (Pidgin) still come from the
        // machine's cache when it has them (offline), through a fallback folder that holds only them.
        var dependencies = Directory.CreateDirectory(Path.Combine(_directory, "dependencies")).FullName;
        foreach (var id in DependencyIds(package))
        {
            var cached = Path.Combine(MachinePackagesFolder(), id.ToLowerInvariant());
            if (Directory.Exists(cached)) Directory.CreateSymbolicLink(Path.Combine(dependencies, id.ToLowerInvariant()), cached);
        }
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><add key="packed" value="{feed}" /></packageSources>
              <config><add key="globalPackagesFolder" value="{Path.Combine(_directory, "packages")}" /></config>
              <fallbackPackageFolders><add key="dependencies" value="{dependencies}" /></fallbackPackageFolders>
            </configuration>
            """);
        await DotnetCli.RunAsync(app, "add", "package", "Hesione.PromQL", "--version", version);
        File.ReadAllBytes(Path.Combine(_directory, "packages", "hesione.promql", version, $"hesione.promql.{version}.nupkg"))
            .Should().Equal(File.ReadAllBytes(package), "the app uses the package just packed");

        var output = await DotnetCli.RunAsync(app, "run", "-c", "Release");

        var promised = PromisedOutput(block).ToList();
        promised.Should().HaveCountGreaterThan(3);
        output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(promised);
    }

    [Fact]
    public async Task The_package_carries_its_readme_licence_repository_and_symbols()
    {
        var root = ReadmeTests.RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        await DotnetCli.RunAsync(root, "pack", "Hesione.PromQL/Hesione.PromQL.csproj", "-c", configuration, "--no-build", "-o", _directory);

        Directory.GetFiles(_directory, "*.snupkg").Should().ContainSingle();
        using var package = ZipFile.OpenRead(Directory.GetFiles(_directory, "*.nupkg").Single());
        var metadata = Metadata(package);
        var ns = metadata.Name.Namespace;
        metadata.Element(ns + "license")!.Value.Should().Be("Apache-2.0");
        metadata.Element(ns + "readme")!.Value.Should().Be("README.md");
        metadata.Element(ns + "projectUrl")!.Value.Should().StartWith("https://");
        metadata.Element(ns + "repository")!.Attribute("url")!.Value.Should().StartWith("https://");
        metadata.Element(ns + "repository")!.Attribute("type")!.Value.Should().Be("git");

        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        (await readme.ReadToEndAsync()).Should().Be(await File.ReadAllTextAsync(Path.Combine(root, "Hesione.PromQL", "README.md")));
        package.GetEntry("LICENSE").Should().NotBeNull();
        package.Entries.Should().Contain(e => e.FullName == "lib/net10.0/Hesione.PromQL.xml", "the XML docs ship with the library");
    }

    private static XElement Metadata(ZipArchive package)
    {
        var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        return nuspec.Root!.Element(nuspec.Root.Name.Namespace + "metadata")!;
    }

    private static IReadOnlyList<string> DependencyIds(string packagePath)
    {
        using var package = ZipFile.OpenRead(packagePath);
        return Metadata(package).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).Distinct().ToList();
    }

    private static string MachinePackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
