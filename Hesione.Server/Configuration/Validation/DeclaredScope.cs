using Hesione.PromQL.Enforcement;

namespace Hesione.Server.Configuration;

/// <summary>
/// The label scope a receiver declares (<c>label_name</c>/<c>label</c>, <c>labels</c>, <c>label_regex</c>,
/// <c>metrics</c>, <c>on_conflict</c>), as the library's scope parts: checked one by one by the validator (each
/// with its path), built at once by the plan.
/// </summary>
internal static class DeclaredScope
{
    /// <summary>Each label constraint: the label's name, how to build it, and the path its problem is reported at.</summary>
    public static IEnumerable<(string Path, string Name, Func<LabelConstraint> Create)> Constraints(ReceiverSettings receiver)
    {
        if (receiver is { LabelName: { } name, Label: { } value } && !receiver.Has("labels"))
            yield return (receiver.PathOf("label"), name, () => LabelConstraint.Literal(name, [value]));
        foreach (var label in receiver.Labels ?? [])
            yield return (ConfigProblems.Child(receiver.PathOf("labels"), label.Name), label.Name, () => LabelConstraint.Literal(label.Name, label.Value.Items));
        foreach (var label in receiver.LabelRegex ?? [])
            yield return (ConfigProblems.Child(receiver.PathOf("label_regex"), label.Name), label.Name, () => LabelConstraint.Regexes(label.Name, label.Value.Items));
    }

    /// <summary>The metric name patterns (<c>metrics</c>).</summary>
    public static IReadOnlyList<string> MetricPatterns(ReceiverSettings receiver) => receiver.Metrics?.Items ?? [];

    public static OnConflict OnConflictOf(ReceiverSettings receiver) => receiver.OnConflict == "reject" ? OnConflict.Reject : OnConflict.Intersect;

    /// <summary>Whether the receiver sets a label scope of its own (constraints or metric patterns).</summary>
    public static bool IsScoped(ReceiverSettings receiver) => Constraints(receiver).Any() || MetricPatterns(receiver).Count > 0;

    /// <summary>
    /// Whether every client of the receiver gets a scope of its own (a token's, or a user's <c>labels</c>), so that the
    /// receiver needs no label scope of its own.
    /// </summary>
    public static bool ScopesEveryClient(ReceiverSettings receiver) =>
        receiver.Auth is { IsExtended: true } auth && !auth.Has("user") && !auth.Has("password")
        && (!auth.Has("users") || (auth.Users is { } users && users.All(u => u.Has("labels"))));

    /// <summary>A user's scope: its labels in place of the receiver's, the receiver's metric patterns and <c>on_conflict</c> kept.</summary>
    public static LabelScope UserScope(IEnumerable<LabelConstraint> labels, ReceiverSettings receiver) =>
        new(labels, MetricPatterns(receiver), OnConflictOf(receiver));
}
