using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Re2;
using Hesione.Server.Config;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Identity;

/// <summary>Reads and validates a receiver's <c>scopes</c>: a list of <c>{when?: {claim, equals|contains|matches}, labels}</c>.</summary>
internal static partial class ScopeRulesReader
{
    private static readonly FrozenSet<string> RuleKeys = FrozenSet.Create(StringComparer.Ordinal, "when", "labels");
    private static readonly FrozenSet<string> WhenKeys = FrozenSet.Create(StringComparer.Ordinal, "claim", "equals", "contains", "matches");

    [GeneratedRegex(@"\A\{claim:(?<name>[^{}]+)\}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ClaimReference();

    public static ClaimScopes? Read(YamlValues yaml, YamlNode node, string path, LabelScope receiverLabels)
    {
        if (yaml.Sequence(node, path) is not { } list) return null;
        if (list.Children.Count == 0)
        {
            yaml.Problems.Add(path, "at least one rule is needed");
            return null;
        }
        var before = yaml.Problems.Count;
        var rules = ImmutableArray.CreateBuilder<ScopeRule>();
        string[]? firstNames = null;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var rulePath = ConfigProblems.Index(path, i);
            var entries = yaml.Entries(list.Children[i], rulePath, RuleKeys);
            var when = entries.TryGetValue("when", out var whenNode) ? ReadWhen(yaml, whenNode, ConfigProblems.Child(rulePath, "when")) : null;
            if (!entries.TryGetValue("labels", out var labelsNode))
            {
                yaml.Problems.Add(ConfigProblems.Child(rulePath, "labels"), "missing");
                continue;
            }
            var labelsPath = ConfigProblems.Child(rulePath, "labels");
            if (ReadLabels(yaml, labelsNode, labelsPath, receiverLabels) is not { } labels) continue;
            var names = labels.Select(l => l.Name).Order(StringComparer.Ordinal).ToArray();
            if (firstNames is null) firstNames = names;
            else if (!names.SequenceEqual(firstNames, StringComparer.Ordinal))
                yaml.Problems.Add(labelsPath, $"sets {string.Join(", ", names)}, but the first rule sets {string.Join(", ", firstNames)}: every rule of a receiver must set the same labels");
            if (whenNode is null || when is not null) rules.Add(new ScopeRule(when, labels));
        }
        return yaml.Problems.Count == before ? new ClaimScopes(rules.ToImmutable()) : null;
    }

    private static ClaimCondition? ReadWhen(YamlValues yaml, YamlNode node, string path)
    {
        var entries = yaml.Entries(node, path, WhenKeys);
        string? claim = null;
        if (!entries.TryGetValue("claim", out var claimNode)) yaml.Problems.Add(ConfigProblems.Child(path, "claim"), "missing");
        else claim = yaml.String(claimNode, ConfigProblems.Child(path, "claim"));
        var tests = entries.Keys.Where(k => k != "claim").ToList();
        if (tests.Count != 1)
        {
            yaml.Problems.Add(path, "give exactly one of equals, contains and matches");
            return null;
        }
        var testPath = ConfigProblems.Child(path, tests[0]);
        if (yaml.String(entries[tests[0]], testPath) is not { } operand || claim is null) return null;
        var test = tests[0] switch
        {
            "equals" => ClaimTest.Equal,
            "contains" => ClaimTest.Contains,
            _ => ClaimTest.Matches,
        };
        if (test == ClaimTest.Matches && Re2Syntax.Validate(operand) is { } problem)
        {
            yaml.Problems.Add(testPath, problem);
            return null;
        }
        return new ClaimCondition(claim, test, operand);
    }

    private static ImmutableArray<RuleLabel>? ReadLabels(YamlValues yaml, YamlNode node, string path, LabelScope receiverLabels)
    {
        if (yaml.Mapping(node, path) is not { } mapping) return null;
        var labels = ImmutableArray.CreateBuilder<RuleLabel>();
        var ok = true;
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                yaml.Problems.Add(path, "a label name must be a plain string");
                ok = false;
                continue;
            }
            var labelPath = ConfigProblems.Child(path, name);
            if (yaml.Strings(value, labelPath) is not { } texts)
            {
                ok = false;
                continue;
            }
            var values = ImmutableArray.CreateBuilder<RuleValue>();
            foreach (var text in texts)
            {
                if (ClaimReference().Match(text) is { Success: true } reference) values.Add(new RuleValue(reference.Groups["name"].Value, FromClaim: true));
                else if (text.Contains("{claim:", StringComparison.Ordinal))
                {
                    yaml.Problems.Add(labelPath, $"{text}: a value is either a literal or exactly {{claim:NAME}}");
                    ok = false;
                }
                else values.Add(new RuleValue(text, FromClaim: false));
            }
            labels.Add(new RuleLabel(name, values.ToImmutable()));
        }
        if (labels.Count == 0)
        {
            yaml.Problems.Add(path, "at least one label is needed");
            return null;
        }
        if (!ok) return null;
        try
        {
            // A scope with each label's literal values (or a stand-in for claim values) checks names and values as a configured scope is checked.
            _ = new LabelScope(labels.Select(l => LabelConstraint.Literal(l.Name, l.Values.Select(v => v.FromClaim ? "claim" : v.Text))), receiverLabels.MetricPatterns, receiverLabels.OnConflict);
        }
        catch (ScopeException e)
        {
            yaml.Problems.Add(path, e.Message);
            return null;
        }
        return labels.ToImmutable();
    }
}
