using FluentAssertions;
using Hesione.Tests.Cli;
using Xunit;

namespace Hesione.Tests.Readme;

/// <summary>
/// The README and the package README show the same library example (compiled and run against the packed library by
/// <see cref="PackedLibraryTests"/>), and the README lists every verb of <c>hesione</c>.
/// </summary>
public class ReadmeTests
{
    [Fact]
    public void Both_readmes_show_the_same_library_example()
    {
        var root = RepositoryRoot();
        PackedLibraryTests.CSharpBlock(Path.Combine(root, "Hesione.PromQL", "README.md"))
            .Should().Be(PackedLibraryTests.CSharpBlock(Path.Combine(root, "README.md")));
    }

    [Fact]
    public async Task The_command_line_section_lists_every_verb_that_help_lists()
    {
        var help = (await HesioneProcess.RunAsync(["--help"])).Output.ReplaceLineEndings("\n");
        var verbs = help[help.IndexOf("Commands:", StringComparison.Ordinal)..].Split('\n').Skip(1)
            .Where(line => line.StartsWith("  ", StringComparison.Ordinal) && line.Trim().Length > 0)
            .Select(line => line.Trim().Split(' ')[0])
            .ToList();
        verbs.Should().Contain(["serve", "check-config", "format", "enforce", "healthcheck"]);

        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Command line", StringComparison.Ordinal)..];
        foreach (var verb in verbs)
            section.Should().Match(text => text.Contains($"hesione {verb} ", StringComparison.Ordinal) || text.Contains($"hesione [{verb}]", StringComparison.Ordinal), $"the README lists {verb}");
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hesione.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Hesione.sln not found above " + AppContext.BaseDirectory);
    }
}
