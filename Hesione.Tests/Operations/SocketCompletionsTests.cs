using FluentAssertions;
using Hesione.Server.Hosting;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>The socket settings <c>hesione serve</c> applies before the first socket, and that the operator can override.</summary>
public class SocketCompletionsTests
{
    private const string Inline = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string Engines = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    [Fact]
    public void Defaults_fill_what_is_unset_and_keep_what_the_operator_set()
    {
        var (inline, engines) = (Environment.GetEnvironmentVariable(Inline), Environment.GetEnvironmentVariable(Engines));
        try
        {
            Environment.SetEnvironmentVariable(Inline, null);
            Environment.SetEnvironmentVariable(Engines, "7");

            SocketCompletions.ApplyDefaults();

            Environment.GetEnvironmentVariable(Inline).Should().Be("1");
            Environment.GetEnvironmentVariable(Engines).Should().Be("7");

            Environment.SetEnvironmentVariable(Engines, null);
            SocketCompletions.ApplyDefaults();
            Environment.GetEnvironmentVariable(Engines).Should().Be(Math.Max(1, Environment.ProcessorCount / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Inline, inline);
            Environment.SetEnvironmentVariable(Engines, engines);
        }
    }

    [Fact]
    public void The_tests_run_with_the_settings_of_a_two_core_server()
    {
        Environment.GetEnvironmentVariable(Inline).Should().Be("1", "test.runsettings gives the test host the server's socket settings");
        Environment.GetEnvironmentVariable(Engines).Should().Be("1");
    }
}
