using FluentAssertions;
using Hesione.Server.Cli;
using Xunit;

namespace Hesione.Tests.Server;

public class CheckConfigCommandTests
{
    [Fact]
    public async Task Prints_a_summary_for_a_valid_config_and_every_problem_for_an_invalid_one()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hesione-test-{Guid.NewGuid():N}.yml");
        try
        {
            await File.WriteAllTextAsync(path, "receivers: [{name: a, prom: 'http://h', label_name: n, label: v}, {name: b, prom: 'http://h', unrestricted: true}]");
            var output = new StringWriter();
            var error = new StringWriter();
            CheckConfigCommand.Run(path, output, error).Should().Be(0);
            output.ToString().Should().Be($"{path}: OK, 2 receiver(s): a, b{Environment.NewLine}");
            error.ToString().Should().BeEmpty();

            await File.WriteAllTextAsync(path, "receivers: [{name: a, prom: 'x'}, {name: a}]");
            output = new StringWriter();
            CheckConfigCommand.Run(path, output, error).Should().Be(1);
            output.ToString().Should().BeEmpty();
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo(
                $"{path}: receivers[0].prom: not an absolute http(s) URL",
                $"{path}: receivers[0]: no label scope; set labels/label_name/metrics or unrestricted: true",
                $"{path}: receivers[1].prom: missing",
                $"{path}: receivers[1]: no label scope; set labels/label_name/metrics or unrestricted: true",
                $"{path}: receivers[1].name: duplicate receiver name a (also receivers[0])");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
