using Hesione.Tests.Backends;
using Xunit;
using Xunit.Sdk;

namespace Hesione.Tests.Operations;

/// <summary>
/// A fact that needs the real Prometheus and Alertmanager binaries: when one is missing it runs and fails on it,
/// unless the opt-out <c>HESIONE_SKIP_BACKEND_TESTS=1</c> is set (see <see cref="BackendBinaries"/>). Trait
/// <c>Category=RealBackend</c> (<see cref="RealBackendTrait"/>).
/// </summary>
[TraitDiscoverer(RealBackendTrait.DiscovererTypeName, RealBackendTrait.AssemblyName)]
public sealed class OperationsFactAttribute : FactAttribute, ITraitAttribute
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
[TraitDiscoverer(RealBackendTrait.DiscovererTypeName, RealBackendTrait.AssemblyName)]
public sealed class OperationsTheoryAttribute : TheoryAttribute, ITraitAttribute
{
    public OperationsTheoryAttribute() => Skip = OperationsFactAttribute.SkipReason();
}
