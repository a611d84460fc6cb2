using System.Text.Json;

namespace Hesione.Tests.PromQL;

/// <summary>
/// The external conformance data (<c>shared/conformance/*.json</c>, query strings from the Prometheus
/// repository), found by walking up from the test binary. Absent on machines without it: the tests that need it are
/// then skipped with the reason (<see cref="ConformanceFactAttribute"/>, <see cref="ConformanceTheoryAttribute"/>).
/// </summary>
internal static class ConformanceData
{
    private static readonly Lazy<string?> Directory = new(Locate);

    /// <summary>The directory holding the JSON files, or null when it cannot be found.</summary>
    public static string? Location => Directory.Value;

    /// <summary>The queries of one file (e.g. <c>parser-valid.json</c>); empty when the data is absent.</summary>
    public static IReadOnlyList<string> Load(string fileName)
    {
        if (Location is null) return [];
        var path = Path.Combine(Location, fileName);
        if (!File.Exists(path)) return [];
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<string>>(stream) ?? [];
    }

    /// <summary>Why the files cannot be read (the directory or a file is absent), or null when they all can.</summary>
    public static string? MissingReason(params string[] fileNames)
    {
        if (Location is null) return $"conformance data (shared/conformance) not found above {AppContext.BaseDirectory}";
        var missing = fileNames.Where(name => !File.Exists(Path.Combine(Location, name))).ToList();
        return missing.Count == 0 ? null : $"conformance data missing in {Location}: {string.Join(", ", missing)}";
    }

    /// <summary>The full path of one file, which must exist (tests that read it are skipped otherwise).</summary>
    public static string PathOf(string fileName) =>
        MissingReason(fileName) is { } reason ? throw new FileNotFoundException(reason) : Path.Combine(Location!, fileName);

    /// <summary>Every query the conformance data says must parse.</summary>
    public static IEnumerable<string> ValidQueries =>
        Load("promqltest-expressions.json").Concat(Load("parser-valid.json"));

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "conformance"), Path.Combine(dir.FullName, "..", "shared", "conformance") })
                if (System.IO.Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }
}
