using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;
using Hesione.Server.Proxy;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Config;

/// <summary>
/// Builds a receiver's <see cref="ReceiverScope"/> from <c>label_name</c>/<c>label</c> (original form),
/// <c>labels</c>, <c>label_regex</c>, <c>metrics</c>, <c>on_conflict</c> and <c>unrestricted</c>.
/// </summary>
internal static class ScopeReader
{
    /// <summary>
    /// The receiver's scope. When its clients all bring their own (<paramref name="clientsScoped"/>: tokens, users with
    /// labels) and it sets none, <see cref="Identity.ClientScopedReceiver.Scope"/>, which selects nothing.
    /// </summary>
    public static ReceiverScope? Read(YamlValues yaml, IReadOnlyDictionary<string, YamlNode> entries, string path, PromQLParserOptions options, EnforcementCache cache, bool clientsScoped = false)
    {
        var problems = yaml.Problems;
        var ok = true;
        var constraints = new List<LabelConstraint>();

        entries.TryGetValue("label_name", out var labelName);
        entries.TryGetValue("label", out var label);
        if (labelName is not null || label is not null)
        {
            if (labelName is null || label is null)
            {
                problems.Add(path, "label_name and label go together");
                ok = false;
            }
            else if (entries.ContainsKey("labels"))
            {
                problems.Add(path, "label_name/label and labels are exclusive; use one form");
                ok = false;
            }
            else
            {
                ok &= Add(problems, constraints, ConfigProblems.Child(path, "label"),
                    yaml.String(labelName, ConfigProblems.Child(path, "label_name")) is { } name && yaml.String(label, ConfigProblems.Child(path, "label")) is { } value
                        ? () => LabelConstraint.Literal(name, [value])
                        : null);
            }
        }
        if (entries.TryGetValue("labels", out var labels)) ok &= ReadConstraints(yaml, labels, ConfigProblems.Child(path, "labels"), constraints, LabelConstraint.Literal);
        if (entries.TryGetValue("label_regex", out var regexes)) ok &= ReadConstraints(yaml, regexes, ConfigProblems.Child(path, "label_regex"), constraints, LabelConstraint.Regexes);

        List<string> metrics = [];
        if (entries.TryGetValue("metrics", out var metricsNode))
        {
            var metricsPath = ConfigProblems.Child(path, "metrics");
            if (yaml.Strings(metricsNode, metricsPath) is { } patterns)
            {
                for (var i = 0; i < patterns.Count; i++)
                {
                    var pattern = patterns[i];
                    ok &= Check(problems, patterns.Count == 1 && metricsNode is YamlScalarNode ? metricsPath : ConfigProblems.Index(metricsPath, i),
                        () => new LabelScope([], [pattern]));
                }
                metrics = patterns;
            }
            else
            {
                ok = false;
            }
        }

        var onConflict = OnConflict.Intersect;
        if (entries.TryGetValue("on_conflict", out var conflictNode))
        {
            var choice = yaml.Choice(conflictNode, ConfigProblems.Child(path, "on_conflict"), "intersect", "reject");
            ok &= choice is not null;
            if (choice == "reject") onConflict = OnConflict.Reject;
        }

        var unrestricted = false;
        if (entries.TryGetValue("unrestricted", out var unrestrictedNode))
        {
            var value = yaml.Bool(unrestrictedNode, ConfigProblems.Child(path, "unrestricted"));
            ok &= value is not null;
            unrestricted = value == true;
        }

        if (!ok) return null;
        var scoped = constraints.Count > 0 || metrics.Count > 0;
        if (!scoped)
        {
            if (unrestricted) return ReceiverScope.Unrestricted(options, cache);
            if (clientsScoped) return ReceiverScope.Enforcing(Identity.ClientScopedReceiver.Scope(onConflict), options, cache);
            problems.Add(path, "no label scope; set labels/label_name/metrics or unrestricted: true");
            return null;
        }
        if (unrestricted)
        {
            problems.Add(ConfigProblems.Child(path, "unrestricted"), "true contradicts the label scope that is also set");
            return null;
        }
        try
        {
            return ReceiverScope.Enforcing(new LabelScope(constraints, metrics, onConflict), options, cache);
        }
        catch (ScopeException e)
        {
            problems.Add(path, e.Message);
            return null;
        }
    }

    private static bool ReadConstraints(YamlValues yaml, YamlNode node, string path, List<LabelConstraint> constraints,
        Func<string, IEnumerable<string>, LabelConstraint> create)
    {
        if (yaml.Mapping(node, path) is not { } mapping) return false;
        var ok = true;
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                yaml.Problems.Add(path, "a label name must be a plain string");
                ok = false;
                continue;
            }
            var entryPath = ConfigProblems.Child(path, name);
            ok &= Add(yaml.Problems, constraints, entryPath, yaml.Strings(value, entryPath) is { } values ? () => create(name, values) : null);
        }
        return ok;
    }

    private static bool Add(ConfigProblems problems, List<LabelConstraint> constraints, string path, Func<LabelConstraint>? create)
    {
        if (create is null) return false;
        LabelConstraint? constraint = null;
        if (!Check(problems, path, () => constraint = create())) return false;
        constraints.Add(constraint!);
        return true;
    }

    private static bool Check(ConfigProblems problems, string path, Action attempt)
    {
        try
        {
            attempt();
            return true;
        }
        catch (ScopeException e)
        {
            problems.Add(path, e.Message);
            return false;
        }
    }
}
