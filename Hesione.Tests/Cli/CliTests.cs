using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Xml.Linq;
using FluentAssertions;
using Hesione.Server.Configuration;
using Hesione.Tests.Readme;
using Xunit;

namespace Hesione.Tests.Cli;

/// <summary>
/// The <c>hesione</c> executable as a user meets it: one exit-status scheme (0 ok, 1 invalid input or failure, 2 usage),
/// one version, and failures told in one line without a stack trace.
/// </summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hesione-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteConfig(string name, string yaml)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private string ValidConfig() => WriteConfig("config.yml", "receivers:\n  - name: a\n    prom: http://127.0.0.1:9\n    unrestricted: true\n");

    private static void ShouldBeOneLineWithoutStackTrace(CliRun run, string expected)
    {
        run.Error.TrimEnd('\n').Should().Be(expected);
        (run.Output + run.Error).Should().NotContain("   at ").And.NotContain("Exception");
    }

    [Fact]
    public async Task The_version_is_the_one_set_in_Directory_Build_props_everywhere()
    {
        var props = XDocument.Load(Path.Combine(ReadmeTests.RepositoryRoot(), "Directory.Build.props"));
        var version = props.Descendants("Version").Single().Value;

        var run = await HesioneProcess.RunAsync(["--version"]);

        run.ExitCode.Should().Be(0);
        run.Output.Trim().Should().Be(version);
        typeof(Hesione.PromQL.Parsing.PromQLParser).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Should().Be(version);
        typeof(Hesione.PromQL.Parsing.PromQLParser).Assembly.GetName().Version.Should().Be(new Version(version + ".0"));
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("no-such-verb")]
    [InlineData("enforce", "up")]
    [InlineData("enforce", "--label", "namespace", "up")]
    [InlineData("enforce", "--label-regex", "namespace=.*", "up")]
    [InlineData("enforce", "--label-regex", "namespace=(?=a)", "up")]
    [InlineData("enforce", "--on-conflict", "sometimes", "--label", "a=b", "up")]
    [InlineData("serve", "--listen", "nowhere")]
    [InlineData("healthcheck", "--url", "not-a-url")]
    public async Task Usage_errors_exit_2(params string[] arguments)
    {
        var run = await HesioneProcess.RunAsync(arguments);

        run.ExitCode.Should().Be(2, run.Error);
        run.Error.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Help_documents_the_exit_statuses()
    {
        var run = await HesioneProcess.RunAsync(["--help"]);

        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("Exit status: 0 success; 1 invalid input (a query, a config) or a failure to run").And.Contain("2 usage error");
    }

    [Fact]
    public async Task An_invalid_query_exits_1_with_Prometheus_error()
    {
        var run = await HesioneProcess.RunAsync(["format", "sum(rate(x[5m])"]);

        run.ExitCode.Should().Be(1);
        run.Error.Trim().Should().StartWith("1:").And.Contain("parse error");
    }

    [Fact]
    public async Task Jsonl_names_the_input_line_that_is_not_a_JSON_string()
    {
        var run = await HesioneProcess.RunAsync(["format", "--jsonl"], "\"up\"\n\nnot json\n\"sum(x)by(a)\"\n");

        run.ExitCode.Should().Be(1);
        run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            """{"ok":true,"query":"up"}""",
            """{"ok":false,"error":"input line 3: not a JSON string (each line must hold one query as a JSON string, e.g. \"up\")"}""",
            """{"ok":true,"query":"sum by (a) (x)"}""");
    }

    [Fact]
    public async Task Enforce_takes_regex_scopes_with_the_config_rules()
    {
        var run = await HesioneProcess.RunAsync(["enforce", "--label-regex", "namespace=team-.+", "--label-regex", "namespace=ops", "--label", "cluster=prod", "rate(x[5m])"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Trim().Should().Be("rate(x{cluster=\"prod\",namespace=~\"(?:team-.+)|(?:ops)\"}[5m])");

        var empty = await HesioneProcess.RunAsync(["enforce", "--label-regex", "namespace=a*", "up"]);
        empty.ExitCode.Should().Be(2);
        ShouldBeOneLineWithoutStackTrace(empty, "hesione enforce: label namespace: regex \"a*\" matches the empty string");
    }

    [Fact]
    public async Task Serve_on_a_busy_port_says_so_in_one_line_and_exits_1()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var run = await HesioneProcess.RunAsync(["serve", "--config", ValidConfig(), "--listen", $"127.0.0.1:{port}"]);

        run.ExitCode.Should().Be(1);
        ShouldBeOneLineWithoutStackTrace(run, $"hesione: cannot listen: Failed to bind to address http://127.0.0.1:{port}: address already in use.");
    }

    [Fact]
    public async Task Serve_names_a_missing_config_file_and_a_directory_in_one_line()
    {
        var missing = Path.Combine(_directory, "missing.yml");
        var run = await HesioneProcess.RunAsync(["serve", "--config", missing, "--listen", "127.0.0.1:0"]);
        run.ExitCode.Should().Be(1);
        ShouldBeOneLineWithoutStackTrace(run, $"hesione: {missing}: cannot read the config: no such file");

        run = await HesioneProcess.RunAsync(["serve", "--config", _directory, "--listen", "127.0.0.1:0"]);
        run.ExitCode.Should().Be(1);
        ShouldBeOneLineWithoutStackTrace(run, $"hesione: {_directory}: cannot read the config: is a directory");
    }

    [Fact]
    public async Task Check_config_names_the_file_once_and_the_line_of_a_tab()
    {
        var path = WriteConfig("tabs.yml", "receivers:\n  - name: a\n    prom: http://h\n\tunrestricted: true\n");

        var run = await HesioneProcess.RunAsync(["check-config", "--config", path]);

        run.ExitCode.Should().Be(1);
        ShouldBeOneLineWithoutStackTrace(run, $"{path}: not valid YAML at line 4, column 1: a tab in indentation (YAML indents with spaces only)");
    }

    [Fact]
    public async Task Check_config_names_the_entry_of_a_pool_at_fault()
    {
        var path = WriteConfig("pools.yml", """
            receivers:
              - {name: a, unrestricted: true, prom: ['http://p-0:9090', 'p-1:9090', 'http://p-0:9090/'], balance: random}
              - {name: b, unrestricted: true, prom: []}
              - {name: c, unrestricted: true, prom: ['http://p-0:9090', 'http://p-1:9090'], balance: least_loaded}
            """);

        var run = await HesioneProcess.RunAsync(["check-config", "--config", path]);

        run.ExitCode.Should().Be(1);
        run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            $"{path}: receivers[0].prom[1]: not an absolute http(s) URL",
            $"{path}: receivers[0].prom[2]: http://p-0:9090 is listed twice",
            $"{path}: receivers[0].balance: expected one of first_available, least_loaded",
            $"{path}: receivers[1].prom: an empty list; give at least one URL");
    }

    [Fact]
    public async Task The_shipped_config_needs_its_two_password_variables_and_is_valid_with_them()
    {
        var shipped = Path.Combine(ReadmeTests.RepositoryRoot(), "config.yml");

        var without = await HesioneProcess.RunAsync(["check-config", "--config", shipped], environment: new Dictionary<string, string?> { ["TEAM_A_PASSWORD"] = null, ["TEAM_B_PASSWORD"] = null });
        without.ExitCode.Should().Be(1);
        without.Error.Should().Contain("environment variable TEAM_A_PASSWORD is not set").And.Contain("environment variable TEAM_B_PASSWORD is not set");

        var with = await HesioneProcess.RunAsync(["check-config", "--config", shipped], environment: new Dictionary<string, string?> { ["TEAM_A_PASSWORD"] = "a", ["TEAM_B_PASSWORD"] = "b" });
        with.ExitCode.Should().Be(0, with.Error);
        with.Output.Should().Contain("OK, 2 receiver(s): team-a, team-b");
    }

    [Fact]
    public void An_unreadable_file_is_permission_denied()
    {
        var path = ValidConfig();
        ConfigReadError.Describe(path, new UnauthorizedAccessException("Access to the path is denied.")).Should().Be("cannot read the config: permission denied");
        ConfigReadError.Describe(_directory, new UnauthorizedAccessException("Access to the path is denied.")).Should().Be("cannot read the config: is a directory");
    }
}
