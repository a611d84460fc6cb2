namespace Hesione.Server.Configuration;

/// <summary>A certificate is given as a <c>cert</c> and <c>key</c> pair, on the receiver or (originally) in <c>prom_auth</c>, not both.</summary>
internal static class CertificateRule
{
    public static void Check(ReceiverSettings receiver, ScopeOutcome scope, Validation validation)
    {
        CheckPair(receiver, validation);
        if (receiver.PromAuth is not { } promAuth || !HasAny(promAuth)) return;
        if (HasAny(receiver)) validation.Add(promAuth.Path, "cert/key given both here and on the receiver");
        else CheckPair(promAuth, validation);
    }

    public static void CheckPair(Settings settings, Validation validation)
    {
        if (settings.Has("cert") != settings.Has("key")) validation.Add(settings.Path, "cert and key go together");
    }

    /// <summary>The settings that hold a receiver's client certificate (itself or its <c>prom_auth</c>), or null for none.</summary>
    public static Settings? HolderOf(ReceiverSettings receiver) =>
        HasAny(receiver) ? receiver : receiver.PromAuth is { } promAuth && HasAny(promAuth) ? promAuth : null;

    private static bool HasAny(Settings settings) => settings.Has("cert") || settings.Has("key");
}
