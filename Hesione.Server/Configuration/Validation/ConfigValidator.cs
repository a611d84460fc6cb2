namespace Hesione.Server.Configuration;

/// <summary>
/// The second stage of loading a config: the rules that read values cannot check alone (ranges across keys,
/// duplicates, clashes, forbidden names, scopes), one rule per concern, on the settings as read. A value that could
/// not be read is null and its rules stay silent (its problem is already reported).
/// </summary>
internal static class ConfigValidator
{
    private static readonly Action<ProxySettings, Validation>[] ProxyRules =
        [ListenRule.Check, TlsRule.Check, IdentityRule.Check, ReceiverNameRule.CheckDuplicates];

    private static readonly Action<ReceiverSettings, ScopeOutcome, Validation>[] ReceiverRules =
        [ReceiverNameRule.Check, PromRule.Check, AuthRule.Check, UpstreamCredentialsRule.Check, CertificateRule.Check, AlertmanagerRule.Check];

    /// <summary>Adds every problem to <paramref name="problems"/>, and advice that is not an error to <paramref name="warnings"/>.</summary>
    public static void Validate(ProxySettings settings, ConfigProblems problems, List<string> warnings)
    {
        var validation = new Validation(settings, problems, warnings);
        foreach (var rule in ProxyRules) rule(settings, validation);
        foreach (var receiver in settings.Receivers ?? [])
        {
            var scope = LabelScopeRule.Check(receiver, validation);
            foreach (var rule in ReceiverRules) rule(receiver, scope, validation);
        }
    }
}

/// <summary>What the rules of one config share: the whole settings, and where problems and warnings go.</summary>
internal sealed class Validation(ProxySettings settings, ConfigProblems problems, List<string> warnings)
{
    public ProxySettings Settings { get; } = settings;

    public ConfigProblems Problems { get; } = problems;

    public List<string> Warnings { get; } = warnings;

    public void Add(string path, string message) => Problems.Add(path, message);

    /// <summary>A Basic user name, which cannot hold the colon that ends it in the header.</summary>
    public void CheckUserName(string path, string? user)
    {
        if (user is not null && user.Contains(':')) Add(path, "a Basic auth user name cannot contain ':'");
    }

    /// <summary>An HTTP header name (an RFC 9110 token).</summary>
    public static bool IsHeaderName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
