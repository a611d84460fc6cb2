namespace Hesione.Server.Configuration;

/// <summary><c>prom</c>: at most <see cref="ReceiverSettings.MaxBackends"/> distinct absolute http(s) URLs.</summary>
internal static class PromRule
{
    public static void Check(ReceiverSettings receiver, ScopeOutcome scope, Validation validation)
    {
        if (receiver.Prom is not { } prom) return;
        var path = receiver.PathOf("prom");
        if (prom.Items.Count > ReceiverSettings.MaxBackends)
        {
            validation.Add(path, $"{prom.Items.Count} URLs; at most {ReceiverSettings.MaxBackends}");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < prom.Items.Count; i++)
        {
            if (HttpUrls.Problem(prom.Items[i]) is { } problem)
            {
                validation.Add(prom.PathOf(i), problem);
                continue;
            }
            var backend = UpstreamBackend.Of(new Uri(prom.Items[i])).Base;
            if (!seen.Add(backend)) validation.Add(prom.PathOf(i), $"{backend} is listed twice");
        }
    }
}
