namespace Hesione.Tests.Backends;

/// <summary>
/// Locates the Debian backend binaries on PATH and decides whether real-backend tests run, fail or skip. A missing
/// binary makes them fail with a message that says what to install (<c>./test.sh</c> installs everything), unless the
/// explicit opt-out <c>HESIONE_SKIP_BACKEND_TESTS=1</c> is set: then they are reported as skipped. With <c>CI=true</c>
/// they never skip.
/// </summary>
public static class BackendBinaries
{
    public const string Prometheus = "prometheus";
    public const string Promtool = "promtool";
    public const string VictoriaMetrics = "victoria-metrics";
    public const string Alertmanager = "prometheus-alertmanager";

    /// <summary>The binaries the shared backend fixture needs.</summary>
    public static readonly IReadOnlyList<string> Required = [Prometheus, Promtool, VictoriaMetrics];

    private static readonly Lazy<IReadOnlyList<string>> MissingRequired = new(() => Required.Where(b => Find(b) is null).ToList());

    /// <summary>Names of required binaries not found on PATH.</summary>
    public static IReadOnlyList<string> Missing => MissingRequired.Value;

    /// <summary>The explicit opt-out that lets real-backend tests skip when their binaries are missing.</summary>
    public const string OptOutVariable = "HESIONE_SKIP_BACKEND_TESTS";

    /// <summary>Whether a missing binary may skip the tests that need it (opt-out set, not under CI).</summary>
    public static bool SkipAllowed => SkipAllowedFor(Environment.GetEnvironmentVariable);

    internal static bool SkipAllowedFor(Func<string, string?> environment) =>
        environment(OptOutVariable) == "1" && !string.Equals(environment("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>What to do about missing binaries, for failures and skip reasons.</summary>
    public static string Advice(IEnumerable<string> missing) =>
        $"real backends not installed ({string.Join(", ", missing)} not on PATH): run ./test.sh, which installs the Debian " +
        $"packages prometheus, victoria-metrics and prometheus-alertmanager and runs the tests, or set {OptOutVariable}=1 to skip these tests";

    /// <summary>Skip reason for real-backend tests, or null when they must run (binaries present, or no opt-out).</summary>
    public static string? SkipReason => Missing.Count == 0 || !SkipAllowed ? null : Advice(Missing);

    /// <summary>Full path of an executable found on PATH, or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Full path of a binary, or an exception that names what to install.</summary>
    public static string Require(string name) =>
        Find(name) ?? throw new InvalidOperationException(
            $"'{name}' not found on PATH: run ./test.sh, which installs the Debian packages prometheus, victoria-metrics and prometheus-alertmanager");
}
