using FluentAssertions;
using Xunit;

namespace Hesione.Tests.Backends;

/// <summary>The documented test command never skips real-backend tests quietly: only the explicit opt-out does, and never under CI.</summary>
public class BackendBinariesTests
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "true", false)]
    [InlineData("0", null, false)]
    [InlineData("yes", null, false)]
    [InlineData("1", null, true)]
    [InlineData("1", "true", false)]
    [InlineData("1", "TRUE", false)]
    public void Missing_backends_skip_only_with_the_opt_out_and_not_under_CI(string? optOut, string? ci, bool skip)
    {
        var environment = new Dictionary<string, string?> { [BackendBinaries.OptOutVariable] = optOut, ["CI"] = ci };
        BackendBinaries.SkipAllowedFor(name => environment.GetValueOrDefault(name)).Should().Be(skip);
    }

    [Fact]
    public void The_advice_names_what_is_missing_and_how_to_install_it()
    {
        BackendBinaries.Advice(["victoria-metrics"]).Should()
            .Contain("victoria-metrics not on PATH").And.Contain("./test.sh").And.Contain("HESIONE_SKIP_BACKEND_TESTS=1");
    }
}
