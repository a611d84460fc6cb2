using System.Reflection;
using FluentAssertions;
using Xunit;
using Xunit.Sdk;

namespace Hesione.Tests.Backends;

/// <summary>Every test that starts a real backend carries <c>Category=RealBackend</c>, so the filters split the suite cleanly.</summary>
public class RealBackendTraitTests
{
    private static readonly Type[] TestClasses = typeof(RealBackendTraitTests).Assembly.GetTypes()
        .Where(type => type.IsClass && type.GetMethods().Any(IsTest))
        .ToArray();

    [Fact]
    public void Every_test_of_a_class_with_a_real_backend_fixture_carries_the_trait()
    {
        var startingBackends = TestClasses.Where(StartsRealBackends).ToList();
        startingBackends.Should().Contain([typeof(BackendFixtureTests), typeof(Isolation.CrashPatternTests), typeof(Operations.AlertmanagerTests)]);
        var untagged = startingBackends
            .SelectMany(type => type.GetMethods().Where(IsTest).Where(method => !IsTagged(method)).Select(method => $"{type.Name}.{method.Name}"))
            .ToList();
        untagged.Should().BeEmpty("a test that starts real backends must run under --filter Category=RealBackend and never under Category!=RealBackend");
    }

    [Fact]
    public void The_backend_and_operations_attributes_give_the_trait()
    {
        foreach (var attribute in new[] { typeof(BackendFactAttribute), typeof(BackendTheoryAttribute), typeof(Operations.OperationsFactAttribute), typeof(Operations.OperationsTheoryAttribute) })
            GivesTrait(attribute).Should().BeTrue(attribute.Name);
        new RealBackendTrait.Discoverer().GetTraits(null!).Should().Equal([new KeyValuePair<string, string>("Category", "RealBackend")]);
        Type.GetType($"{RealBackendTrait.DiscovererTypeName}, {RealBackendTrait.AssemblyName}").Should().Be(typeof(RealBackendTrait.Discoverer));
    }

    private static bool IsTest(MethodInfo method) => method.GetCustomAttributes<FactAttribute>().Any();

    private static bool StartsRealBackends(Type type) =>
        type.GetCustomAttributesData().Any(a => a.AttributeType == typeof(CollectionAttribute) && Equals(a.ConstructorArguments[0].Value, BackendCollection.Name))
        || type.GetConstructors().Any(c => c.GetParameters().Any(p => typeof(IStartsRealBackends).IsAssignableFrom(p.ParameterType)));

    private static bool IsTagged(MethodInfo method) =>
        method.CustomAttributes.Concat(method.DeclaringType!.CustomAttributes).Any(data =>
            GivesTrait(data.AttributeType)
            || data.AttributeType == typeof(TraitAttribute) && data.ConstructorArguments.Select(a => a.Value).SequenceEqual([RealBackendTrait.Name, RealBackendTrait.Value]));

    private static bool GivesTrait(Type attribute) =>
        typeof(ITraitAttribute).IsAssignableFrom(attribute)
        && attribute.GetCustomAttributesData().Any(data => data.AttributeType == typeof(TraitDiscovererAttribute)
            && Equals(data.ConstructorArguments[0].Value, RealBackendTrait.DiscovererTypeName));
}
