using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Re2;

namespace Hesione.Server.Configuration;

/// <summary>
/// A receiver's <c>scopes</c>: each rule has one test on a claim (a <c>matches</c> regex that RE2 reads), at least
/// one label whose values are literals or exactly <c>{claim:NAME}</c>, and every rule sets the same labels.
/// </summary>
internal static class ClaimScopesRule
{
    public static void Check(ReceiverSettings receiver, ValueList<ScopeRuleSettings> rules, Validation validation)
    {
        string[]? firstNames = null;
        foreach (var rule in rules)
        {
            if (rule.When is { } when) CheckWhen(when, validation);
            if (rule.Labels is not { } labels || !CheckLabels(receiver, rule.PathOf("labels"), labels, validation)) continue;
            var names = labels.Select(l => l.Name).Order(StringComparer.Ordinal).ToArray();
            if (firstNames is null) firstNames = names;
            else if (!names.SequenceEqual(firstNames, StringComparer.Ordinal))
                validation.Add(rule.PathOf("labels"), $"sets {string.Join(", ", names)}, but the first rule sets {string.Join(", ", firstNames)}: every rule of a receiver must set the same labels");
        }
    }

    private static void CheckWhen(WhenSettings when, Validation validation)
    {
        var tests = WhenSettings.Tests.Where(when.Has).ToList();
        if (tests.Count != 1)
        {
            validation.Add(when.Path, "give exactly one of equals, contains and matches");
            return;
        }
        if (when.Matches is { } pattern && Re2Syntax.Validate(pattern) is { } problem) validation.Add(when.PathOf("matches"), problem);
    }

    private static bool CheckLabels(ReceiverSettings receiver, string path, ValueList<Named<TextList>> labels, Validation validation)
    {
        if (validation.Problems.HasAt(path)) return false;
        var ok = true;
        foreach (var label in labels)
        {
            if (label.Name.Length == 0)
            {
                validation.Add(path, "a label name must be a plain string");
                ok = false;
                continue;
            }
            foreach (var value in label.Value.Items.Where(ClaimReference.IsMalformed))
            {
                validation.Add(ConfigProblems.Child(path, label.Name), $"{value}: a value is either a literal or exactly {{claim:NAME}}");
                ok = false;
            }
        }
        if (labels.Count == 0)
        {
            validation.Add(path, "at least one label is needed");
            return false;
        }
        // A scope with each label's literal values (or a stand-in for claim values) checks names and values as a configured scope is checked.
        return ok && LabelScopeRule.Attempt(validation, path, () => DeclaredScope.UserScope(
            labels.Select(l => LabelConstraint.Literal(l.Name, l.Value.Items.Select(v => ClaimReference.ClaimOf(v) is null ? v : "claim"))), receiver));
    }
}
