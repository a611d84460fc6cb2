using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Re2;

namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// Expands WITH templates the way MetricsQL does: variables and functions, nested WITHs, templates used as
/// metric names (<c>x{a="b"}</c>), as label-filter lists (<c>{commonFilters}</c>), in strings, durations and
/// modifier lists; a template sees the templates defined before it, and its own parameters. The number of
/// nodes an expansion may produce is bounded, so a few nested templates cannot blow up the work.
/// </summary>
internal sealed class TemplateExpander
{
    private static readonly TemplateScope Defaults =
        TemplateScope.Of([.. MetricsQLFunctions.DefaultTemplates.Select(MetricsQLSyntaxParser.ParseTemplate)]);

    private readonly int _maxNodes;
    private int _nodes;

    private TemplateExpander(int maxNodes) => _maxNodes = maxNodes;

    /// <summary>Expands every template in <paramref name="e"/>; throws <see cref="MetricsQLSyntaxException"/> on a bad use.</summary>
    public static Syn Expand(Syn e, int maxNodes) => new TemplateExpander(maxNodes).Expand(Defaults, e);

    private static MetricsQLSyntaxException Error(string message) => new(message);

    private Syn Expand(TemplateScope scope, Syn e)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (++_nodes > _maxNodes) throw Error($"WITH templates expand to more than {_maxNodes} nodes");
        switch (e)
        {
            case SynBinary be:
                {
                    var left = Expand(scope, be.Left);
                    var right = Expand(scope, be.Right);
                    var group = ExpandModifier(scope, be.Group);
                    var join = ExpandModifier(scope, be.Join);
                    SynString? prefix = null;
                    if (be.Prefix is not null)
                    {
                        prefix = Expand(scope, be.Prefix) as SynString
                            ?? throw Error("unexpected prefix; want quoted string");
                    }
                    if (be.Op == "+" && left is SynString { Value: { } l } && right is SynString { Value: { } r })
                        return SynString.Of(l + r);
                    return new SynParens([be with { Left = left, Right = right, Group = group, Join = join, Prefix = prefix }]);
                }
            case SynCall call:
                {
                    var args = ExpandAll(scope, call.Args);
                    return scope.Locate(call.Name) is { } t ? ExpandTemplate(t, args) : call with { Args = args };
                }
            case SynAggregate ae:
                {
                    var args = ExpandAll(scope, ae.Args);
                    if (scope.Locate(ae.Name) is { } t) return ExpandTemplate(t, args);
                    return ae with { Args = args, Modifier = ExpandModifier(scope, ae.Modifier) };
                }
            case SynParens pe:
                return new SynParens(ExpandAll(scope, pe.Items));
            case SynString se:
                return ExpandString(scope, se);
            case SynRollup re:
                return re with
                {
                    Expr = Expand(scope, re.Expr),
                    Window = ExpandDuration(scope, re.Window),
                    Step = ExpandDuration(scope, re.Step),
                    Offset = ExpandDuration(scope, re.Offset),
                    At = re.At is null ? null : Expand(scope, re.At),
                };
            case SynWith we:
                return Expand(scope.With(we.Templates), we.Body);
            case SynSelector me:
                return ExpandSelector(scope, me);
            default:
                return e;
        }
    }

    private ImmutableArray<Syn> ExpandAll(TemplateScope scope, ImmutableArray<Syn> items)
    {
        var b = ImmutableArray.CreateBuilder<Syn>(items.Length);
        foreach (var item in items) b.Add(Expand(scope, item));
        return b.MoveToImmutable();
    }

    private SynString ExpandString(TemplateScope scope, SynString se)
    {
        if (se.Value is not null) return se;
        var sb = new System.Text.StringBuilder();
        foreach (var token in se.Tokens)
        {
            if (token[0] is '"' or '\'' or '`')
            {
                sb.Append(StringLiterals.Unquote(token));
                continue;
            }
            var t = scope.Locate(token) ?? throw Error($"missing {Printing.GoQuoting.Quote(token)} value inside StringExpr");
            if (ExpandTemplate(t, null) is not SynString { Value: { } value })
                throw Error($"{Printing.GoQuoting.Quote(token)} must be string expression");
            sb.Append(value);
        }
        return SynString.Of(sb.ToString());
    }

    private SynDuration? ExpandDuration(TemplateScope scope, SynDuration? d)
    {
        if (d is null || !d.IsReference) return d;
        var t = scope.Locate(d.Text) ?? throw Error($"cannot find WITH template for {Printing.GoQuoting.Quote(d.Text)}");
        return ExpandTemplate(t, []) switch
        {
            SynDuration { IsReference: false } value => value,
            SynNumber n => new SynDuration(n.Text, IsReference: false),
            _ => throw Error($"unexpected value for WITH template {Printing.GoQuoting.Quote(d.Text)}; want duration"),
        };
    }

    private static SynModifier? ExpandModifier(TemplateScope scope, SynModifier? modifier)
    {
        if (modifier is null || modifier.Args.IsEmpty) return modifier;
        var result = new List<string>();
        foreach (var arg in modifier.Args)
        {
            var t = scope.Find(arg);
            if (t is null || !t.Parameters.IsEmpty)
            {
                result.Add(arg);
                continue;
            }
            switch (t.Body)
            {
                case SynSelector { IsExpanded: true, IsOnlyMetricName: true } me:
                    result.Add(me.MetricName);
                    break;
                case SynParens pe:
                    foreach (var item in pe.Items)
                    {
                        if (item is not SynSelector { IsExpanded: true, IsOnlyMetricName: true } name)
                            throw Error($"cannot use a non-label list instead of {Printing.GoQuoting.Quote(arg)} in {modifier.Op}()");
                        result.Add(name.MetricName);
                    }
                    break;
                default:
                    throw Error($"cannot use a non-label instead of {Printing.GoQuoting.Quote(arg)} in {modifier.Op}()");
            }
        }
        return modifier with { Args = [.. result.Distinct(StringComparer.Ordinal)] };
    }

    /// <summary>Expands a template's body where it was defined: seeing the templates before it, and its parameters bound to <paramref name="args"/>.</summary>
    private Syn ExpandTemplate((Template Template, TemplateScope Before) found, ImmutableArray<Syn>? args)
    {
        var t = found.Template;
        var count = args?.Length ?? 0;
        if (t.Parameters.Length != count)
        {
            if (args is null) return SynSelector.OfName(t.Name);
            throw Error($"invalid number of args for {Printing.GoQuoting.Quote(t.Name)}; got {count}; want {t.Parameters.Length}");
        }
        var parameters = ImmutableArray.CreateBuilder<Template>(count);
        for (var i = 0; i < count; i++) parameters.Add(new Template(t.Parameters[i], [], args!.Value[i]));
        return Expand(found.Before.With(parameters.MoveToImmutable()), t.Body);
    }

    private Syn ExpandSelector(TemplateScope scope, SynSelector me)
    {
        if (me.IsExpanded) return me;
        var groups = ImmutableArray.CreateBuilder<ImmutableArray<LabelMatcher>>();
        foreach (var written in me.Written)
        {
            var filters = new List<LabelMatcher>();
            foreach (var f in written)
            {
                if (f.Value is null)
                {
                    var t = scope.Locate(f.Label) ?? throw Error($"cannot find WITH template for {Printing.GoQuoting.Quote(f.Label)}");
                    if (ExpandTemplate(t, []) is not SynSelector { MetricName: "" } src)
                        throw Error($"WITH template {Printing.GoQuoting.Quote(f.Label)} must be {{...}}");
                    if (src.Groups.Length > 1) throw Error($"WITH template {Printing.GoQuoting.Quote(f.Label)} must be {{...}} without 'or'");
                    if (src.Groups.Length == 1) filters.AddRange(src.Groups[0]);
                    continue;
                }
                var value = ExpandString(scope, f.Value).Value!;
                var type = (f.Negative, f.Regex) switch
                {
                    (false, false) => MatcherType.Equal,
                    (true, false) => MatcherType.NotEqual,
                    (false, true) => MatcherType.Regex,
                    _ => MatcherType.NotRegex,
                };
                if (f.Regex && AnchoredRegex.Problem(value) is { } problem)
                    throw Error($"invalid regexp in {f.Label}={Printing.GoQuoting.Quote(value)}: {problem}");
                filters.Add(new LabelMatcher(f.Label, type, value));
            }
            groups.Add(SelectorGroups.Normalize(filters));
        }
        var expanded = SynSelector.Expanded(groups.ToImmutable());
        var name = expanded.MetricName;
        if (name.Length == 0 || scope.Locate(name) is not { } template) return expanded;

        var replacement = ExpandTemplate(template, null);
        var rollup = replacement as SynRollup;
        var source = (rollup?.Expr ?? replacement) as SynSelector;
        if (source is null)
        {
            if (expanded.IsOnlyMetricName) return replacement;
            throw Error($"cannot expand {Printing.GoQuoting.Quote(name)} to a non-metric expression");
        }
        var merged = ImmutableArray.CreateBuilder<ImmutableArray<LabelMatcher>>();
        if (source.Groups.Length != 1)
        {
            if (expanded.IsOnlyMetricName) return replacement;
            if (expanded.Groups.Length != 1) throw Error($"{Printing.GoQuoting.Quote(name)} mustn't contain 'or' filters");
            foreach (var g in source.Groups) merged.Add(SelectorGroups.Normalize(g.Concat(expanded.Groups[0].Skip(1))));
        }
        else
        {
            foreach (var g in expanded.Groups) merged.Add(SelectorGroups.Normalize(source.Groups[0].Concat(g.Skip(1))));
        }
        var selector = SynSelector.Expanded(merged.ToImmutable());
        return rollup is null ? selector : rollup with { Expr = selector };
    }
}
