using System.Text.Json.Nodes;
using FluentAssertions;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;
using Hesione.Server.Filtering;
using Xunit;

namespace Hesione.Tests.Operations;

public sealed class ResponseFilterTests
{
    private static readonly LabelScope TeamA = LabelScope.Single("namespace", "team-a");

    private static JsonNode Rules(string rules) => JsonNode.Parse("""{"status":"success","data":{"groups":[{"name":"g","rules":[""" + rules + "]}]}}")!;

    private static string[] Names(JsonNode root) =>
        root["data"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!["name"]!.GetValue<string>()).ToArray();

    [Fact]
    public void A_recording_rule_is_kept_by_its_labels_or_by_a_query_that_reads_only_the_scope()
    {
        var root = Rules("""
            {"type":"recording","name":"by_labels","query":"vector(1)","labels":{"namespace":"team-a"}},
            {"type":"recording","name":"by_query","query":"sum(rate(x{namespace=\"team-a\"}[5m])) / sum(y{job=\"j\",namespace=\"team-a\"})"},
            {"type":"recording","name":"partly_scoped","query":"x{namespace=\"team-a\"} + y"},
            {"type":"recording","name":"selector_free","query":"vector(1)"},
            {"type":"recording","name":"unparsable","query":"sum("},
            {"type":"recording","name":"regex_instead","query":"x{namespace=~\"team-a\"}"}
            """);

        RulesFilter.Apply(root, TeamA, PromQLParserOptions.Default);

        Names(root).Should().Equal("by_labels", "by_query");
    }

    [Fact]
    public void Groups_left_empty_are_dropped_and_a_kept_rules_alerts_are_filtered()
    {
        var root = JsonNode.Parse("""
            {"status":"success","data":{"groups":[
              {"name":"other","rules":[{"type":"alerting","name":"B","query":"vector(1)","labels":{"namespace":"team-b"},"alerts":[]}]},
              {"name":"mine","rules":[{"type":"alerting","name":"Mine","query":"up{namespace=\"team-a\"} == 0","labels":{},
                "alerts":[{"labels":{"namespace":"team-a","alertname":"Mine"}},{"labels":{"alertname":"Mine"}}]}]}]}}
            """)!;

        RulesFilter.Apply(root, TeamA, PromQLParserOptions.Default);

        root["data"]!["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).Should().Equal("mine");
        root["data"]!["groups"]![0]!["rules"]![0]!["alerts"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public void A_metric_scope_hides_alerts_but_admits_recording_rules_by_their_metric_name()
    {
        var scope = new LabelScope([LabelConstraint.Literal("namespace", ["team-a"])], ["team_a:.*"]);
        var root = Rules("""
            {"type":"recording","name":"team_a:x","query":"vector(1)","labels":{"namespace":"team-a"}},
            {"type":"recording","name":"other:x","query":"vector(1)","labels":{"namespace":"team-a"}},
            {"type":"alerting","name":"A","query":"vector(1)","labels":{"namespace":"team-a"}}
            """);

        RulesFilter.Apply(root, scope, PromQLParserOptions.Default);

        Names(root).Should().Equal("team_a:x");
    }

    [Fact]
    public void An_unexpected_shape_is_a_format_error()
    {
        var act = () => RulesFilter.Apply(JsonNode.Parse("""{"status":"success","data":{"groups":{}}}""")!, TeamA, PromQLParserOptions.Default);
        act.Should().Throw<FormatException>();
        var labels = () => AlertsFilter.ApplyPrometheus(JsonNode.Parse("""{"data":{"alerts":[{"labels":{"namespace":1}}]}}""")!, TeamA);
        labels.Should().Throw<FormatException>();
    }

    [Fact]
    public void Metadata_is_kept_per_metric_family_and_limited_after_filtering()
    {
        var root = JsonNode.Parse("""
            {"status":"success","data":{
              "hidden":[{"type":"gauge","help":"h","unit":""}],
              "http_duration_seconds":[{"type":"histogram","help":"h","unit":""}],
              "requests":[{"type":"counter","help":"h","unit":""}],
              "plain":[{"type":"gauge","help":"h","unit":""}]}}
            """)!;
        var names = MetadataFilter.Names(JsonNode.Parse("""{"status":"success","data":["http_duration_seconds_bucket","requests_total","plain","hidden_total_x"]}""")!);

        MetadataFilter.Apply(root, names, limit: -1);
        root["data"]!.AsObject().Select(p => p.Key).Should().Equal("http_duration_seconds", "requests", "plain");

        MetadataFilter.Apply(root, names, limit: 1);
        root["data"]!.AsObject().Should().ContainSingle();
    }
}
