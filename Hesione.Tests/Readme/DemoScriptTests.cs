using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using Xunit;

namespace Hesione.Tests.Readme;

/// <summary><c>demo.sh</c> refuses to start on a port that is taken, says which one and how to choose others, and exits non-zero.</summary>
public class DemoScriptTests
{
    [Fact]
    public async Task A_busy_port_stops_the_demo_before_anything_starts()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var start = new ProcessStartInfo("bash", [Path.Combine(ReadmeTests.RepositoryRoot(), "demo.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["HESIONE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["PROM_PORT"] = "1", ["DEMO_KEEP_RUNNING"] = "0" },
        };

        using var demo = Process.Start(start)!;
        var output = demo.StandardOutput.ReadToEndAsync();
        var error = await demo.StandardError.ReadToEndAsync();
        await demo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        demo.ExitCode.Should().Be(1);
        error.Should().Contain($"port {port} on 127.0.0.1 is already in use").And.Contain("HESIONE_PORT=");
        (await output).Should().BeEmpty("nothing was started");
    }
}
