using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Configuration;

/// <summary>One entry of <c>receivers</c> as read.</summary>
internal sealed record ReceiverSettings(
    [Required] string? Name,
    [Required, NotEmpty("an empty list; give at least one URL")] TextList? Prom,
    [OneOf("first_available", "least_loaded")] string? Balance,
    string? LabelName,
    string? Label,
    [Names("a label name")] ValueList<Named<TextList>>? Labels,
    [Names("a label name")] ValueList<Named<TextList>>? LabelRegex,
    TextList? Metrics,
    [OneOf("intersect", "reject")] string? OnConflict,
    bool? Unrestricted,
    [ReadWith(typeof(AuthConverter))] AuthSettings? Auth,
    CredentialSettings? PromAuth,
    [Names("a header name")] ValueList<Named<string>>? Headers,
    bool? Verify,
    string? Cert,
    string? Key,
    [OneOf("prometheus", "victoriametrics", "thanos", "mimir")] string? Flavor,
    [OneOf("promql", "metricsql")] string? Dialect,
    TimeSpan? Timeout,
    [Integer(1, ProxySettings.MaxConcurrentLimit)] long? MaxConcurrent,
    string? Alertmanager,
    [NotEmpty("at least one rule is needed")] ValueList<ScopeRuleSettings>? Scopes,
    [Inline] GuardSettings Guards) : Settings
{
    /// <summary>The most backends <c>prom</c> may list.</summary>
    public const int MaxBackends = 64;
}

/// <summary><c>prom_auth</c>: the Basic credentials sent upstream; the original Hesione also took the client certificate here.</summary>
internal sealed record CredentialSettings([Required] string? User, [Required] string? Password, string? Cert, string? Key) : Settings;

/// <summary>
/// A receiver's <c>auth</c>: <c>preserve</c> (<see cref="Preserve"/>), one Basic user (<c>user</c>/<c>password</c>),
/// or the extended form with bcrypt <c>users</c> and/or a token <c>identity</c> (<see cref="IsExtended"/>).
/// </summary>
internal sealed record AuthSettings(
    string? User,
    string? Password,
    [NotEmpty("at least one user is needed")] ValueList<UserSettings>? Users,
    string? Identity) : Settings
{
    /// <summary><c>auth: preserve</c>: clients send the <c>prom_auth</c> credentials, which are forwarded.</summary>
    public bool Preserve { get; init; }

    public bool IsExtended => Has("users") || Has("identity");
}

/// <summary>One entry of <c>auth.users</c>: a name, a bcrypt hash, and the labels that replace the receiver's for this user.</summary>
internal sealed record UserSettings(
    [Required] string? User,
    [Required] string? PasswordHash,
    [Names("a label name")] ValueList<Named<TextList>>? Labels) : Settings;

/// <summary>Reads <c>auth</c>: the word <c>preserve</c>, or a mapping.</summary>
internal sealed class AuthConverter : ISettingsConverter
{
    public object? Read(SettingsBinder binder, YamlNode node, string path)
    {
        if (node is not YamlScalarNode) return binder.Read<AuthSettings>(node, path);
        return binder.Yaml.Choice(node, path, "preserve") is null ? null : new AuthSettings(null, null, null, null) { Path = path, Preserve = true };
    }
}
