using Hesione.PromQL.Enforcement;

namespace Hesione.Server.Configuration;

/// <summary>What a receiver's scope keys come to, for the rules that depend on it.</summary>
internal enum ScopeOutcome
{
    /// <summary>The scope has problems (reported); the rules that need it stay silent.</summary>
    Invalid,

    /// <summary><c>unrestricted: true</c>.</summary>
    Unrestricted,

    /// <summary>No scope of its own, as every client brings one (tokens, users with <c>labels</c>).</summary>
    FromClients,

    /// <summary>A label scope of its own.</summary>
    Labels,
}

/// <summary>
/// A receiver has a valid label scope (<see cref="DeclaredScope"/>), or is <c>unrestricted: true</c>, or all its clients
/// bring their own; the original <c>label_name</c>/<c>label</c> pair and <c>labels</c> are exclusive.
/// </summary>
internal static class LabelScopeRule
{
    private static readonly string[] ScopeKeys = ["label_name", "label", "labels", "label_regex", "metrics", "on_conflict", "unrestricted"];

    public static ScopeOutcome Check(ReceiverSettings receiver, Validation validation)
    {
        var ok = !ScopeKeys.Any(key => validation.Problems.HasAt(receiver.PathOf(key)));
        if (receiver.Has("label_name") || receiver.Has("label"))
        {
            if (!receiver.Has("label_name") || !receiver.Has("label"))
            {
                validation.Add(receiver.Path, "label_name and label go together");
                ok = false;
            }
            else if (receiver.Has("labels"))
            {
                validation.Add(receiver.Path, "label_name/label and labels are exclusive; use one form");
                ok = false;
            }
        }
        var constraints = new List<LabelConstraint>();
        foreach (var (path, _, create) in DeclaredScope.Constraints(receiver)) ok &= Attempt(validation, path, () => constraints.Add(create()));
        var metrics = DeclaredScope.MetricPatterns(receiver);
        for (var i = 0; i < metrics.Count; i++)
        {
            var pattern = metrics[i];
            ok &= Attempt(validation, receiver.Metrics!.PathOf(i), () => new LabelScope([], [pattern]));
        }
        if (!ok) return ScopeOutcome.Invalid;

        var unrestricted = receiver.Unrestricted == true;
        if (!DeclaredScope.IsScoped(receiver))
        {
            if (unrestricted) return ScopeOutcome.Unrestricted;
            if (DeclaredScope.ScopesEveryClient(receiver)) return ScopeOutcome.FromClients;
            validation.Add(receiver.Path, "no label scope; set labels/label_name/metrics or unrestricted: true");
            return ScopeOutcome.Invalid;
        }
        if (unrestricted)
        {
            validation.Add(receiver.PathOf("unrestricted"), "true contradicts the label scope that is also set");
            return ScopeOutcome.Invalid;
        }
        var whole = Attempt(validation, receiver.Path, () => new LabelScope(constraints, metrics, DeclaredScope.OnConflictOf(receiver)));
        return whole ? ScopeOutcome.Labels : ScopeOutcome.Invalid;
    }

    /// <summary>Runs <paramref name="attempt"/>, reporting its <see cref="ScopeException"/> at <paramref name="path"/>.</summary>
    public static bool Attempt(Validation validation, string path, Action attempt)
    {
        try
        {
            attempt();
            return true;
        }
        catch (ScopeException e)
        {
            validation.Add(path, e.Message);
            return false;
        }
    }
}
