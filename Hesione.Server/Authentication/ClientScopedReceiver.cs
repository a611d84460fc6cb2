using Hesione.PromQL.Enforcement;

namespace Hesione.Server.Authentication;

/// <summary>
/// The scope of a receiver whose every client brings its own (tokens with <c>scopes</c>, users with <c>labels</c>) and
/// that sets none itself. No request is served with it: each one either gets its client's scope or is refused. Should
/// one ever reach it, it selects nothing, as its label is one no series has (names starting with <c>__</c> are
/// reserved for Prometheus).
/// </summary>
internal static class ClientScopedReceiver
{
    public const string Label = "__hesione_scope_from_client__";

    public static LabelScope Scope(OnConflict onConflict) => new([LabelConstraint.Literal(Label, ["none"])], onConflict: onConflict);
}
