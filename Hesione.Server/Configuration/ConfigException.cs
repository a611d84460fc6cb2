namespace Hesione.Server.Configuration;

/// <summary>An invalid <c>config.yml</c>: <see cref="Problems"/> lists every problem, each with its YAML path.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>A config error listing <paramref name="problems"/> (one per line in <see cref="Exception.Message"/>).</summary>
    public ConfigException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, e.g. <c>receivers[1].prom: not an absolute http(s) URL</c>.</summary>
    public IReadOnlyList<string> Problems { get; }
}
