using Hesione.Tests.Backends;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>
/// A fact that needs the real Prometheus and Alertmanager binaries: skipped with a clear message when one is missing,
/// except with <c>CI=true</c>, where it runs (and fails on the missing binary).
/// </summary>
public sealed class OperationsFactAttribute : FactAttribute
{
    private static readonly string[] Needed = [BackendBinaries.Prometheus, BackendBinaries.Alertmanager];

    public OperationsFactAttribute() => Skip = SkipReason();

    internal static string? SkipReason()
    {
        var missing = Needed.Where(b => BackendBinaries.Find(b) is null).ToList();
        if (missing.Count == 0 || BackendBinaries.IsCi) return null;
        return $"{string.Join(", ", missing)} not on PATH: install the Debian packages prometheus and prometheus-alertmanager " +
               "(as .ci/run does), or set CI=true to make this a failure";
    }
}

/// <summary>The theory form of <see cref="OperationsFactAttribute"/>.</summary>
public sealed class OperationsTheoryAttribute : TheoryAttribute
{
    public OperationsTheoryAttribute() => Skip = OperationsFactAttribute.SkipReason();
}
