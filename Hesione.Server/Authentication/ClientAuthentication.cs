
namespace Hesione.Server.Authentication;

/// <summary>
/// How clients of one receiver authenticate when its <c>auth</c> has <c>users</c> or <c>identity</c>: a single Basic
/// user (<c>user</c>/<c>password</c>), bcrypt users, and/or a token identity with the <c>scopes</c> its claims map to.
/// Built at config load; its <see cref="Scopes"/> cache lives as long as the config.
/// </summary>
internal sealed class ClientAuthentication
{
    public BasicCredentials? Password { get; init; }

    public BcryptUsers? Users { get; init; }

    public TokenIdentity? Identity { get; init; }

    /// <summary>The receiver's <c>scopes</c> (set exactly when <see cref="Identity"/> is).</summary>
    public ClaimScopes? ClaimScopes { get; init; }

    /// <summary>The enforcers of the scopes users and tokens were given.</summary>
    public ScopeCache Scopes { get; } = new();

    public bool AcceptsBasic => Password is not null || Users is not null;

    /// <summary>Every label name a user's or a token's scope may constrain.</summary>
    public IEnumerable<string> LabelNames =>
        (ClaimScopes?.LabelNames ?? []).Concat(Users?.All.SelectMany(u => u.Labels?.Constraints.Select(c => c.Name) ?? []) ?? []);
}
