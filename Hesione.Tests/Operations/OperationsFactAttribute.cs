using Hesione.Tests.Backends;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>
/// A fact that needs the real Prometheus and Alertmanager binaries: when one is missing it runs and fails on it,
/// unless the opt-out <c>HESIONE_SKIP_BACKEND_TESTS=1</c> is set (see <see cref="BackendBinaries"/>).
/// </summary>
public sealed class OperationsFactAttribute : FactAttribute
{
    private static readonly string[] Needed = [BackendBinaries.Prometheus, BackendBinaries.Alertmanager];

    public OperationsFactAttribute() => Skip = SkipReason();

    internal static string? SkipReason()
    {
        var missing = Needed.Where(b => BackendBinaries.Find(b) is null).ToList();
        return missing.Count > 0 && BackendBinaries.SkipAllowed ? BackendBinaries.Advice(missing) : null;
    }
}

/// <summary>The theory form of <see cref="OperationsFactAttribute"/>.</summary>
public sealed class OperationsTheoryAttribute : TheoryAttribute
{
    public OperationsTheoryAttribute() => Skip = OperationsFactAttribute.SkipReason();
}
