
namespace Hesione.Server.Hosting;

/// <summary>
/// How a <see cref="ProxyHost"/> runs: the minimum log level, an extra logger provider (tests capture logs with it),
/// and the internal listen address given on the command line (<c>--internal-listen</c>, over the config's).
/// </summary>
internal sealed record ProxyHostOptions
{
    public static readonly ProxyHostOptions Default = new();

    public LogLevel MinimumLevel { get; init; } = LogLevel.Information;

    public ILoggerProvider? LoggerProvider { get; init; }

    public string? InternalListen { get; init; }

    /// <summary>The clock of JWKS refreshes (tests move it on).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
