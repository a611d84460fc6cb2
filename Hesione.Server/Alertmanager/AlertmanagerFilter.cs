using System.Text;
using Hesione.PromQL.Ast;

namespace Hesione.Server.Alertmanager;

/// <summary>
/// A scope matcher in Alertmanager's <c>filter</c> syntax (<c>namespace="team-a"</c>, <c>namespace=~"a|b"</c>): the
/// value double-quoted with <c>\\</c>, <c>\"</c> and <c>\n</c> escaped, as Alertmanager's matcher parser reads it.
/// Scope label names are legacy label names (checked at config load for receivers with an Alertmanager).
/// </summary>
internal static class AlertmanagerFilter
{
    public static string Format(LabelMatcher matcher)
    {
        var text = new StringBuilder(matcher.Name.Length + matcher.Value.Length + 6);
        text.Append(matcher.Name).Append(matcher.OperatorText).Append('"');
        foreach (var c in matcher.Value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append(@"\n"); break;
                default: text.Append(c); break;
            }
        }
        return text.Append('"').ToString();
    }
}
