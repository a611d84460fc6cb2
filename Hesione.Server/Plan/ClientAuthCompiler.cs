using Hesione.PromQL.Enforcement;
using Hesione.Server.Authentication;
using Hesione.Server.Configuration;

namespace Hesione.Server.Plan;

/// <summary>A receiver's extended <c>auth</c> (bcrypt <c>users</c>, a token <c>identity</c>) and its <c>scopes</c>, as a <see cref="ClientAuthentication"/>.</summary>
internal static class ClientAuthCompiler
{
    public static ClientAuthentication Compile(ReceiverSettings receiver, AuthSettings auth, IReadOnlyDictionary<string, TokenIdentity> identities) => new()
    {
        Password = CredentialsOf(auth.User, auth.Password),
        Users = auth.Users is { } users
            ? new BcryptUsers(users.Select(u => new BcryptUser(u.User!, u.PasswordHash!, u.Labels is { } labels ? LabelsOf(labels, receiver) : null)), TimeProvider.System)
            : null,
        Identity = auth.Identity is { } name ? identities[name] : null,
        ClaimScopes = auth.Identity is not null ? new ClaimScopes([.. receiver.Scopes!.Select(RuleOf)]) : null,
    };

    /// <summary>One Basic user (<c>auth</c>, <c>prom_auth</c>), or null when not given.</summary>
    public static BasicCredentials? CredentialsOf(string? user, string? password) =>
        user is not null && password is not null ? new BasicCredentials(user, password) : null;

    private static LabelScope LabelsOf(ValueList<Named<TextList>> labels, ReceiverSettings receiver) =>
        DeclaredScope.UserScope(labels.Select(l => LabelConstraint.Literal(l.Name, l.Value.Items)), receiver);

    private static ScopeRule RuleOf(ScopeRuleSettings rule) => new(
        rule.When is { } when ? ConditionOf(when) : null,
        [.. rule.Labels!.Select(l => new RuleLabel(l.Name, [.. l.Value.Items.Select(ValueOf)]))]);

    private static ClaimCondition ConditionOf(WhenSettings when) =>
        when.EqualTo is { } equal ? new ClaimCondition(when.Claim!, ClaimTest.Equal, equal)
        : when.Contains is { } contains ? new ClaimCondition(when.Claim!, ClaimTest.Contains, contains)
        : new ClaimCondition(when.Claim!, ClaimTest.Matches, when.Matches!);

    private static RuleValue ValueOf(string text) =>
        ClaimReference.ClaimOf(text) is { } claim ? new RuleValue(claim, FromClaim: true) : new RuleValue(text, FromClaim: false);
}
