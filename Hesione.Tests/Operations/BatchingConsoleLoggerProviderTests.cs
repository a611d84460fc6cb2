using System.Text;
using FluentAssertions;
using Hesione.Server.Observability;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>The batching console logger writes every line, once, in order, as single lines, and flushes on dispose.</summary>
public class BatchingConsoleLoggerProviderTests
{
    [Fact]
    public void Writes_every_line_in_order_and_flushes_on_dispose()
    {
        var output = new MemoryStream();
        var provider = new BatchingConsoleLoggerProvider(output);
        var logger = provider.CreateLogger("Test.Category");

        for (var i = 0; i < 1000; i++) logger.LogInformation("line {Number}", i);
        logger.LogWarning("multi\nline");
        provider.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(1001);
        lines[0].Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: Test\.Category\[0\] line 0$");
        lines[999].Should().EndWith("line 999");
        lines[1000].Should().Contain("warn: Test.Category[0] multi line");
    }

    [Fact]
    public void Lines_longer_than_the_output_buffer_and_exceptions_come_out_whole_and_in_order()
    {
        var output = new MemoryStream();
        var provider = new BatchingConsoleLoggerProvider(output);
        var logger = provider.CreateLogger("C");
        var long1 = new string('a', 100_000);
        var long2 = new string('é', 40_000);

        for (var i = 0; i < 3000; i++) logger.LogInformation("short {Number} ünïcødé", i);
        logger.LogInformation("{Text}", long1);
        logger.LogInformation("{Text}", long2);
        logger.LogError(new InvalidOperationException("broken\nthing"), "failed");
        provider.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3003);
        lines.Take(3000).Select((line, i) => line.EndsWith($"short {i} ünïcødé", StringComparison.Ordinal)).Should().AllBeEquivalentTo(true);
        lines[3000].Should().EndWith("info: C[0] " + long1);
        lines[3001].Should().EndWith("info: C[0] " + long2);
        lines[3002].Should().Contain("fail: C[0] failed System.InvalidOperationException: broken | thing");
    }

    [Fact]
    public async Task Writes_in_the_background_without_dispose()
    {
        var output = new MemoryStream();
        using var provider = new BatchingConsoleLoggerProvider(output);
        provider.CreateLogger("C").LogError("soon");

        var text = "";
        for (var i = 0; i < 100 && !text.Contains("soon", StringComparison.Ordinal); i++)
        {
            await Task.Delay(20);
            text = Encoding.UTF8.GetString(output.ToArray());
        }

        text.Should().Contain("fail: C[0] soon");
    }
}
