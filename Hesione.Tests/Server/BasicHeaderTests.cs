using System.Text;
using FluentAssertions;
using Hesione.Server.Authentication;
using Hesione.Server.Observability;
using Xunit;

namespace Hesione.Tests.Server;

public class BasicHeaderTests
{
    private static string Header(string userAndPassword) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword));

    [Fact]
    public void Splits_at_the_first_colon_and_decodes_UTF8()
    {
        BasicHeader.Credentials(new[] { Header("grafana:pa:ss wörd") }).Should().Be(("grafana", "pa:ss wörd"));
        BasicHeader.Credentials(new[] { Header(":") }).Should().Be(("", ""));
        BasicHeader.Credentials(new[] { "bAsIc   " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p")) + "  " }).Should().Be(("u", "p"));
    }

    [Theory]
    [InlineData("Bearer abc")]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic Z3JhZmFuYQ==")]
    [InlineData("Basicdm9pZDp4")]
    public void Reads_nothing_of_a_header_that_is_not_Basic_credentials(string header) =>
        BasicHeader.Credentials(new[] { header }).Should().BeNull();

    [Fact]
    public void Reads_exactly_one_header_of_bounded_length()
    {
        var right = Header("u:p");
        BasicHeader.Credentials(Array.Empty<string?>()).Should().BeNull();
        BasicHeader.Credentials(new[] { right, right }).Should().BeNull();
        BasicHeader.Credentials(new string?[] { null }).Should().BeNull();
        var longest = Header("u:" + new string('p', 4088 / 4 * 3 - 2)) + "  ";
        longest.Length.Should().Be(BasicHeader.MaxLength);
        BasicHeader.Credentials(new[] { longest }).Should().NotBeNull();
        BasicHeader.Credentials(new[] { longest + " " }).Should().BeNull();
    }

    [Fact]
    public void The_readers_of_credentials_and_of_the_audit_user_agree()
    {
        var header = new[] { Header("team-a:s3cret:x") };
        new BasicCredentials("team-a", "s3cret:x").Matches(header).Should().BeTrue();
        AuditLog.UserOf(header).Should().Be("team-a");
        AuditLog.UserOf(new[] { Header("no colon") }).Should().BeNull();
    }
}
