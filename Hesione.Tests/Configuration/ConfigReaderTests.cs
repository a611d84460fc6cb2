using System.Reflection;
using FluentAssertions;
using Hesione.Server.Configuration;
using Xunit;

namespace Hesione.Tests.Configuration;

/// <summary>The read stage: YAML into plain settings, values as given, every shape problem with its path.</summary>
public class ConfigReaderTests
{
    private static readonly Type[] PlainTypes =
        [typeof(string), typeof(bool?), typeof(long?), typeof(double?), typeof(TimeSpan?), typeof(bool), typeof(ValueList<string>)];

    internal static (ProxySettings? Settings, ConfigProblems Problems) Read(string yaml)
    {
        var problems = new ConfigProblems();
        return (ConfigReader.Read(yaml, name => name == "SECRET" ? "s3cret" : null, problems), problems);
    }

    [Fact]
    public void Settings_hold_plain_data_only()
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>([typeof(ProxySettings)]);
        while (queue.TryDequeue(out var type))
        {
            if (!seen.Add(type)) continue;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract"))
            {
                var propertyType = property.PropertyType;
                if (PlainTypes.Contains(propertyType)) continue;
                if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() is var definition
                    && (definition == typeof(ValueList<>) || definition == typeof(Named<>)))
                {
                    foreach (var argument in propertyType.GetGenericArguments()) queue.Enqueue(argument);
                    continue;
                }
                propertyType.Should().Match<Type>(t => t.IsSubclassOf(typeof(Settings)) || t == typeof(TextList),
                    $"{type.Name}.{property.Name} must be plain data, not a {propertyType.Name}");
                queue.Enqueue(propertyType);
            }
        }
        seen.Should().Contain([typeof(ReceiverSettings), typeof(AuthSettings), typeof(UserSettings), typeof(IdentitySettings), typeof(ScopeRuleSettings), typeof(WhenSettings), typeof(RateLimitSettings), typeof(TlsSettings)]);
    }

    [Fact]
    public void Values_are_read_as_given_with_their_paths_and_files_are_not_opened()
    {
        var (settings, problems) = Read("""
            tls: {cert: /nonexistent/cert.pem, key: /nonexistent/key.pem}
            max_range: 0
            rate_limit: {requests_per_second: 2.5}
            receivers:
              - name: a
                prom: ['http://p-0:9090', 'http://p-1:9090']
                labels: {namespace: [a, b]}
                metrics: up
                auth: {user: u, password: '${SECRET}'}
              - {name: b, prom: 'http://h', auth: preserve, unrestricted: true, prom_auth: {user: u, password: p}}
            """);

        problems.Count.Should().Be(0);
        settings!.Tls!.Cert.Should().Be("/nonexistent/cert.pem");
        settings.Guards.MaxRange.Should().Be(TimeSpan.Zero);
        settings.Guards.RateLimit!.RequestsPerSecond.Should().Be(2.5);
        settings.Guards.RateLimit.Burst.Should().BeNull();
        var a = settings.Receivers![0];
        a.Path.Should().Be("receivers[0]");
        a.Prom.Should().Be(new TextList(["http://p-0:9090", "http://p-1:9090"], ["receivers[0].prom[0]", "receivers[0].prom[1]"]));
        a.Labels.Should().ContainSingle().Which.Should().Be(new Named<TextList>("namespace", new TextList(["a", "b"], ["receivers[0].labels.namespace[0]", "receivers[0].labels.namespace[1]"])));
        a.Metrics.Should().Be(new TextList(["up"], ["receivers[0].metrics"]));
        a.Auth!.Password.Should().Be("s3cret");
        a.Given.Should().BeEquivalentTo(["name", "prom", "labels", "metrics", "auth"]);
        settings.Receivers[1].Auth!.Preserve.Should().BeTrue();
    }

    [Fact]
    public void Shape_problems_are_all_reported_with_their_paths()
    {
        var (_, problems) = Read("""
            retries: 11
            rate_limit: {burst: 0}
            receivers:
              - name: a
                prom: []
                auth: keep
                users: 1
                scopes: []
            """);

        problems.Messages.Should().Equal(
            "retries: expected an integer from 0 to 10",
            "rate_limit.requests_per_second: missing",
            "rate_limit.burst: expected an integer from 1 to 1000000",
            "receivers[0].prom: an empty list; give at least one URL",
            "receivers[0].auth: expected one of preserve",
            "receivers[0].users: unknown key",
            "receivers[0].scopes: at least one rule is needed");
    }

    [Fact]
    public void A_list_keeps_the_items_that_could_be_read_with_their_paths_so_that_the_others_are_still_checked()
    {
        var (settings, problems) = Read("receivers: [{name: a, unrestricted: true, prom: ['http://h', [2], 'ftp://x']}]");

        problems.Messages.Should().Equal("receivers[0].prom[1]: expected a string (line 1)");
        settings!.Receivers![0].Prom.Should().Be(new TextList(["http://h", "ftp://x"], ["receivers[0].prom[0]", "receivers[0].prom[2]"]));
        ConfigValidator.Validate(settings, problems, []);
        problems.Messages.Should().Equal("receivers[0].prom[1]: expected a string (line 1)", "receivers[0].prom[2]: not an absolute http(s) URL");
    }

    [Fact]
    public void Problems_are_listed_in_document_order_whatever_the_stage_that_found_them()
    {
        var problems = new ConfigProblems();
        problems.Locate("b", 3, 1);
        problems.Locate("a", 1, 1);
        problems.Locate("a.x", 2, 3);
        problems.Add("b", "found by validation");
        problems.Add("a.x.missing", "found by reading, under a.x");
        problems.Add("a", "found by reading");
        problems.Add("", "at the root");

        problems.Messages.Should().Equal("at the root", "a: found by reading", "a.x.missing: found by reading, under a.x", "b: found by validation");
        problems.HasAt("a").Should().BeTrue();
        problems.HasAt("a.x").Should().BeTrue();
        problems.HasAt("a.y").Should().BeFalse();
    }
}
