namespace Hesione.Tests.Backends;

/// <summary>
/// Locates the Debian backend binaries on PATH and decides whether real-backend tests run or skip.
/// With the environment variable <c>CI=true</c> they never skip: a missing binary makes them fail.
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

    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Names of required binaries not found on PATH.</summary>
    public static IReadOnlyList<string> Missing => MissingRequired.Value;

    /// <summary>Skip reason for real-backend tests, or null when they must run (binaries present, or CI=true).</summary>
    public static string? SkipReason =>
        Missing.Count == 0 || IsCi
            ? null
            : $"real backends not installed ({string.Join(", ", Missing)} not on PATH); install the Debian packages " +
              "prometheus, victoria-metrics and prometheus-alertmanager (as .ci/run does) or set CI=true to make this a failure";

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
            $"'{name}' not found on PATH: install the Debian package that provides it (prometheus, victoria-metrics, prometheus-alertmanager)");
}
