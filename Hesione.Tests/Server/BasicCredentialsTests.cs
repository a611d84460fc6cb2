using FluentAssertions;
using Hesione.Server.Authentication;
using Xunit;

namespace Hesione.Tests.Server;

public class BasicCredentialsTests
{
    private static readonly BasicCredentials Expected = new("grafana", "pa:ss wörd");

    [Fact]
    public void Accepts_the_right_credentials_in_any_scheme_case()
    {
        Expected.Matches([TestProxy.Basic("grafana", "pa:ss wörd").ToString()]).Should().BeTrue();
        Expected.Matches(["basic " + TestProxy.Basic("grafana", "pa:ss wörd").Parameter]).Should().BeTrue();
    }

    [Theory]
    [InlineData("grafana", "pa:ss wörd ")]
    [InlineData("grafana", "pa:ss")]
    [InlineData("Grafana", "pa:ss wörd")]
    [InlineData("", "")]
    [InlineData("grafan", "a:pa:ss wörd")]
    public void Refuses_wrong_credentials(string user, string password) =>
        Expected.Matches([TestProxy.Basic(user, password).ToString()]).Should().BeFalse();

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("Basic")]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic Z3JhZmFuYQ==")]
    [InlineData("Digest username=grafana")]
    public void Refuses_malformed_headers(string header) => Expected.Matches([header]).Should().BeFalse();

    [Fact]
    public void Refuses_no_header_and_repeated_headers()
    {
        var right = TestProxy.Basic("grafana", "pa:ss wörd").ToString();
        Expected.Matches([]).Should().BeFalse();
        Expected.Matches([right, right]).Should().BeFalse();
        Expected.Matches([null]).Should().BeFalse();
        Expected.Matches(["Basic " + new string('A', 100_000)]).Should().BeFalse();
    }

    [Fact]
    public void The_upstream_header_carries_the_credentials() =>
        Expected.HeaderValue.Should().Be(TestProxy.Basic("grafana", "pa:ss wörd").ToString());
}
