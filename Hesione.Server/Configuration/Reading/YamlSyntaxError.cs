using YamlDotNet.Core;

namespace Hesione.Server.Configuration;

/// <summary>
/// The problem line of a config that is not valid YAML. YamlDotNet places a tab in indentation at the start of the
/// enclosing block (often line 1, column 1); the first tab in the indentation of a line at or after that start is
/// where the problem is, so that is the line and column given (columns count characters from 1, a tab as one).
/// </summary>
internal static class YamlSyntaxError
{
    public static string Describe(YamlException e, string text)
    {
        var (line, column) = ((int)e.Start.Line, (int)e.Start.Column);
        var message = (e.InnerException ?? e).Message;
        if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && IndentationTab(text, line) is { } tab)
            return $"not valid YAML at line {tab.Line}, column {tab.Column}: a tab in indentation (YAML indents with spaces only)";
        return $"not valid YAML at line {line}, column {column}: {message}";
    }

    private static (int Line, int Column)? IndentationTab(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(fromLine, 1) - 1; i < lines.Length; i++)
        {
            var line = lines[i];
            for (var j = 0; j < line.Length && line[j] is ' ' or '\t' or '-'; j++)
                if (line[j] == '\t') return (i + 1, j + 1);
        }
        return null;
    }
}
