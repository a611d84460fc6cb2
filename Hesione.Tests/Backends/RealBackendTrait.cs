using Xunit.Abstractions;
using Xunit.Sdk;

namespace Hesione.Tests.Backends;

/// <summary>
/// The trait <c>Category=RealBackend</c> of every test that starts a real Prometheus, VictoriaMetrics or Alertmanager
/// process, given through <see cref="BackendFactAttribute"/>, <see cref="BackendTheoryAttribute"/> and the
/// operations attributes, so <c>dotnet test --filter Category!=RealBackend</c> runs the unit tests alone and
/// <c>--filter Category=RealBackend</c> the real-backend ones.
/// </summary>
public static class RealBackendTrait
{
    public const string Name = "Category";
    public const string Value = "RealBackend";

    /// <summary>The full name of <see cref="Discoverer"/>, for <see cref="TraitDiscovererAttribute"/>.</summary>
    public const string DiscovererTypeName = "Hesione.Tests.Backends.RealBackendTrait+Discoverer";

    public const string AssemblyName = "Hesione.Tests";

    /// <summary>What xunit asks for the traits of a test whose attribute carries <see cref="TraitDiscovererAttribute"/> with this type.</summary>
    public sealed class Discoverer : ITraitDiscoverer
    {
        public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) => [new(Name, Value)];
    }
}
