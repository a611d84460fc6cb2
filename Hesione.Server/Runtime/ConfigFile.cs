namespace Hesione.Server.Runtime;

/// <summary>The config file a running proxy was started from and reloads.</summary>
internal sealed record ConfigFile(string Path);
