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

    public OperationsFactAttribute()
    {
        var missing = Needed.Where(b => BackendBinaries.Find(b) is null).ToList();
        if (missing.Count > 0 && BackendBinaries.SkipAllowed) Skip = BackendBinaries.Advice(missing);
    }
}
