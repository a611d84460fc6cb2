namespace Hesione.Server.Configuration;

/// <summary><c>listen</c> and <c>internal_listen</c> are <c>HOST:PORT</c> addresses, and not the same one.</summary>
internal static class ListenRule
{
    public static void Check(ProxySettings settings, Validation validation)
    {
        var listen = Address(settings, "listen", settings.Listen, validation);
        var internalListen = Address(settings, "internal_listen", settings.InternalListen, validation);
        if (listen is not null && internalListen is not null && listen.Overlaps(internalListen))
            validation.Add(settings.PathOf("internal_listen"), $"{settings.InternalListen} clashes with listen {settings.Listen}: the operational endpoints need an address of their own");
    }

    private static ListenAddress? Address(ProxySettings settings, string key, string? text, Validation validation)
    {
        if (text is null) return null;
        if (ListenAddress.Parse(text) is { } address) return address;
        validation.Add(settings.PathOf(key), ListenAddress.Syntax);
        return null;
    }
}
