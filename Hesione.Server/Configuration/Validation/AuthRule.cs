using Hesione.PromQL.Enforcement;

namespace Hesione.Server.Configuration;

/// <summary>
/// A receiver's <c>auth</c> and <c>scopes</c>: <c>preserve</c> needs <c>prom_auth</c>; one Basic user has both a name
/// and a password; the extended form (bcrypt <c>users</c>, a token <c>identity</c> with its <c>scopes</c>) needs a label
/// scope, names a defined identity, and gives each user a valid scope.
/// </summary>
internal static class AuthRule
{
    public static void Check(ReceiverSettings receiver, ScopeOutcome scope, Validation validation)
    {
        var auth = receiver.Auth;
        if (auth is { IsExtended: true })
        {
            if (scope == ScopeOutcome.Unrestricted)
                validation.Add(receiver.PathOf("auth"), "users and identity need a label scope; unrestricted: true cannot be combined with them");
            else if (scope != ScopeOutcome.Invalid)
                CheckExtended(receiver, auth, validation);
            return;
        }
        if (receiver.Has("scopes")) validation.Add(receiver.PathOf("scopes"), "scopes need auth.identity");
        if (auth is null) return;
        if (auth.Preserve)
        {
            if (!receiver.Has("prom_auth")) validation.Add(auth.Path, "preserve needs prom_auth (the credentials clients must send, which are then forwarded)");
            return;
        }
        CheckPair(auth, "missing", validation);
        validation.CheckUserName(auth.PathOf("user"), auth.User);
    }

    /// <summary>One Basic user: <c>user</c> and <c>password</c>, both given.</summary>
    private static void CheckPair(Settings credentials, string missing, Validation validation)
    {
        if (!credentials.Has("user")) validation.Add(credentials.PathOf("user"), missing);
        if (!credentials.Has("password")) validation.Add(credentials.PathOf("password"), missing);
    }

    private static void CheckExtended(ReceiverSettings receiver, AuthSettings auth, Validation validation)
    {
        if (auth.Has("user") || auth.Has("password"))
        {
            CheckPair(auth, "missing (user and password go together)", validation);
            validation.CheckUserName(auth.PathOf("user"), auth.User);
        }
        if (auth.Users is { } users) CheckUsers(receiver, auth.PathOf("users"), users, validation);
        if (auth.Identity is { } name && validation.Settings.Identities is var identities && identities?.Any(i => i.Name == name) != true)
            validation.Add(auth.PathOf("identity"), identities is not { Count: > 0 }
                ? $"unknown identity {name}: no identities are defined"
                : $"unknown identity {name} (defined: {string.Join(", ", identities.Select(i => i.Name).Order(StringComparer.Ordinal))})");

        var scopesPath = receiver.PathOf("scopes");
        if (auth.Has("identity") && !receiver.Has("scopes")) validation.Add(scopesPath, "missing: auth.identity needs scopes (which labels a token's claims give)");
        else if (receiver.Has("scopes") && !auth.Has("identity")) validation.Add(scopesPath, "scopes need auth.identity");
        else if (receiver.Scopes is { } rules) ClaimScopesRule.Check(receiver, rules, validation);
    }

    private static void CheckUsers(ReceiverSettings receiver, string path, ValueList<UserSettings> users, Validation validation)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var costs = new SortedSet<int>();
        foreach (var user in users)
        {
            validation.CheckUserName(user.PathOf("user"), user.User);
            if (user.PasswordHash is { } hash)
            {
                if (BcryptHash.IsValid(hash)) costs.Add(BcryptHash.CostOf(hash));
                else validation.Add(user.PathOf("password_hash"), "expected a bcrypt hash as `htpasswd -nbB USER PASSWORD` writes it ($2y$, $2a$ or $2b$, cost 04 to 31)");
            }
            if (user.Labels is { } labels) CheckUserLabels(receiver, user.PathOf("labels"), labels, validation);
            if (user.User is { } name && !seen.Add(name)) validation.Add(user.PathOf("user"), $"user {name} is given twice");
        }
        if (costs.Count > 1)
            validation.Warnings.Add($"{path}: the password hashes have different bcrypt costs ({string.Join(", ", costs)}): a check takes as long as its user's cost, and an unknown user's as long as the highest; give every user the same cost so that no user name can be told from another by the time a check takes");
    }

    private static void CheckUserLabels(ReceiverSettings receiver, string path, ValueList<Named<TextList>> labels, Validation validation)
    {
        if (validation.Problems.HasAt(path)) return;
        var constraints = new List<LabelConstraint>();
        foreach (var label in labels)
        {
            if (!LabelScopeRule.Attempt(validation, ConfigProblems.Child(path, label.Name), () => constraints.Add(LabelConstraint.Literal(label.Name, label.Value.Items))))
                return;
        }
        LabelScopeRule.Attempt(validation, path, () => DeclaredScope.UserScope(constraints, receiver));
    }
}
