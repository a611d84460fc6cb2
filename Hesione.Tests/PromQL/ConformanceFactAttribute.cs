using Xunit;

namespace Hesione.Tests.PromQL;

/// <summary>A fact over conformance data files: skipped, with the reason, when one of them is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceFactAttribute : FactAttribute
{
    /// <param name="fileNames">The files of <c>shared/conformance</c> the test reads.</param>
    public ConformanceFactAttribute(params string[] fileNames) => Skip = ConformanceData.MissingReason(fileNames);
}

/// <summary>A theory over conformance data files: skipped, with the reason, when one of them is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    /// <param name="fileNames">The files of <c>shared/conformance</c> the test reads.</param>
    public ConformanceTheoryAttribute(params string[] fileNames) => Skip = ConformanceData.MissingReason(fileNames);
}
