using FluentAssertions;
using Xunit;

namespace Hesione.Tests.Readme;

/// <summary>README.md's library example is the code of <see cref="LibraryExample"/>, and it does what its comments say.</summary>
public class ReadmeTests
{
    [Fact]
    public void Library_example_prints_what_its_comments_say()
    {
        LibraryExample.Run().Should().Equal(
            "sum by (pod) (rate(http_requests_total{code=~\"5..\",namespace=~\"team-a|team-a-staging\"}[5m]))",
            "up{namespace=~\"team-a|team-a-staging\"} or absent(up{namespace=~\"team-a|team-a-staging\"})");
    }

    [Fact]
    public void Readme_shows_the_example_verbatim()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var source = File.ReadAllText(Path.Combine(root, "Hesione.Tests", "Readme", "LibraryExample.cs")).ReplaceLineEndings("\n");
        var begin = source.IndexOf("// README-BEGIN\n", StringComparison.Ordinal) + "// README-BEGIN\n".Length;
        var end = source.LastIndexOf("        // README-END", StringComparison.Ordinal);
        var snippet = string.Join("\n", source[begin..end].TrimEnd('\n').Split('\n').Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        readme.Should().Contain(snippet);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hesione.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Hesione.sln not found above " + AppContext.BaseDirectory);
    }
}
