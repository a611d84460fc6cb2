using Hesione.PromQL.Ast;

namespace Hesione.Server.Configuration;

/// <summary><c>alertmanager</c> is an absolute http(s) URL, and every label of the receiver's scopes can be written as an Alertmanager matcher.</summary>
internal static class AlertmanagerRule
{
    public static void Check(ReceiverSettings receiver, ScopeOutcome scope, Validation validation)
    {
        if (receiver.Alertmanager is not { } url) return;
        var path = receiver.PathOf("alertmanager");
        if (HttpUrls.Problem(url) is { } problem)
        {
            validation.Add(path, problem);
            return;
        }
        if (scope is not (ScopeOutcome.Labels or ScopeOutcome.FromClients)) return;
        foreach (var name in LabelNames(receiver).Distinct(StringComparer.Ordinal))
            if (!LabelMatcher.IsLegacyLabelName(name))
                validation.Add(path, $"scope label {name} cannot be written as an Alertmanager matcher");
    }

    /// <summary>Every label name the receiver's scope, its users' and its tokens' scopes may constrain.</summary>
    private static IEnumerable<string> LabelNames(ReceiverSettings receiver)
    {
        var own = DeclaredScope.Constraints(receiver).Select(c => c.Name);
        if (receiver.Auth is not { IsExtended: true } auth) return own;
        var users = (auth.Users ?? []).SelectMany(u => u.Labels ?? []).Select(l => l.Name);
        var rules = auth.Has("identity") ? (receiver.Scopes ?? []).Take(1).SelectMany(r => r.Labels ?? []).Select(l => l.Name) : [];
        return own.Concat(rules).Concat(users);
    }
}
