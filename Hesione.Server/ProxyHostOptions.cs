using Microsoft.Extensions.Logging;

namespace Hesione.Server;

/// <summary>How a <see cref="ProxyHost"/> logs: the minimum level, and an extra logger provider (tests capture logs with it).</summary>
internal sealed record ProxyHostOptions
{
    public static readonly ProxyHostOptions Default = new();

    public LogLevel MinimumLevel { get; init; } = LogLevel.Information;

    public ILoggerProvider? LoggerProvider { get; init; }

    /// <summary>The clock of JWKS refreshes (tests move it on).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
