using FluentAssertions;
using Hesione.PromQL.MetricsQL;
using Xunit;

namespace Hesione.Tests.MetricsQL;

/// <summary>MetricsQL queries and the canonical text MetricsQL prints for them; queries it refuses.</summary>
public class MetricsQLParserTests
{
    [Theory]
    // Rollups without a window, step windows, Grafana intervals.
    [InlineData("rate(http_requests_total)", "rate(http_requests_total)")]
    [InlineData("increase(errors[10i])", "increase(errors[10i])")]
    [InlineData("avg_over_time(temp[$__interval])", "avg_over_time(temp)")]
    [InlineData("max_over_time(temp[$__rate_interval:30s])", "max_over_time(temp[:30s])")]
    [InlineData("delta(q offset $__interval) / $__interval", "delta(q offset 1i) / 1i")]
    // Numbers keep their spelling; computed ones are printed as Go's %g.
    [InlineData("disk_bytes > 10Gi", "disk_bytes > 10Gi")]
    [InlineData("mem < 1.5KB", "mem < 1.5KB")]
    [InlineData("2 * 1Ki", "2048")]
    [InlineData("3 * 1M", "3e+06")]
    [InlineData("0x10 + 0b11 + 0o7", "26")]
    [InlineData("1_000", "1_000")]
    [InlineData("1/3", "0.3333333333333333")]
    [InlineData("0.00001 * 1", "1e-05")]
    // Durations as values, negative offsets, multi-part durations.
    [InlineData("time() - 1h30m", "time() - 1h30m")]
    [InlineData("load offset -2d", "load offset -2d")]
    [InlineData("sum_over_time(x[1h-5m])", "sum_over_time(x[1h-5m])")]
    // keep_metric_names, default/if/ifnot, limit, prefix.
    [InlineData("ln(bytes) keep_metric_names", "ln(bytes) keep_metric_names")]
    [InlineData("a default 0", "a default 0")]
    [InlineData("a if b > 1 ifnot c", "(a if (b > 1)) ifnot c")]
    [InlineData("topk_max(3, cpu) BY (host) LIMIT 5", "topk_max(3, cpu) by(host) limit 5")]
    [InlineData("x * on(job) group_left(team) prefix \"t_\" y", "x * on(job) group_left(team) prefix \"t_\" y")]
    // Or-filters and quoted names.
    [InlineData("up{job=\"a\" OR instance=~\"b.*\"}", "up{job=\"a\" or instance=~\"b.*\"}")]
    [InlineData("{\"my.metric\", \"le-x\"=\"1\"}", "my.metric{le\\-x=\"1\"}")]
    [InlineData("{job=\"a\", __name__=\"up\"}", "up{job=\"a\"}")]
    [InlineData("{\"up\", job=\"a\" or \"down\", job=\"b\"}", "{__name__=\"up\",job=\"a\" or __name__=\"down\",job=\"b\"}")]
    [InlineData("{\"up\", job=\"a\" or job=\"b\"}", "up{job=\"a\" or job=\"b\"}")]
    // Dashboard variables left in the query are kept as written.
    [InlineData("bottomk($count, up{job=~\"$job\"})", "bottomk($count, up{job=~\"$job\"})")]
    // WITH templates are expanded in the printed form.
    [InlineData("with (f = {job=\"api\"}) rate(reqs{f}) / rate(errs{f})", "rate(reqs{job=\"api\"}) / rate(errs{job=\"api\"})")]
    [InlineData("with (double(x) = x * 2, q = double(m)) q + 1", "(m * 2) + 1")]
    [InlineData("with (w = 5m) rate(m[w] offset w)", "rate(m[5m] offset 5m)")]
    [InlineData("with (g(l) = sum(m) by (l)) g((a, b))", "sum(m) by(a,b)")]
    [InlineData("range_median(x)", "range_quantile(0.5, x)")]
    [InlineData("alias(up, \"x\")", "label_set(up, \"__name__\", \"x\")")]
    // Unions, string folding, subqueries over anything.
    [InlineData("(a, b, c)", "(a, b, c)")]
    [InlineData("\"a\" + 'b' + `c`", "\"abc\"")]
    [InlineData("sum(rate(x)) by (j)[1h:5m]", "(sum(rate(x)) by(j))[1h:5m]")]
    [InlineData("x @ start() offset 1m", "x offset 1m @ start()")]
    [InlineData("# note\nm", "m")]
    public void Prints_the_canonical_form(string query, string expected)
    {
        var parsed = MetricsQLParser.Parse(query);
        parsed.Success.Should().BeTrue(parsed.ErrorMessage);
        parsed.Value!.ToString().Should().Be(expected);
    }

    [Theory]
    [InlineData("no_such_function(x)")]
    [InlineData("rate(x) keep_metric_names keep_metric_names")]
    [InlineData("sum(x) keep_metric_names")]
    [InlineData("x + bool y")]
    [InlineData("x and on(a) group_left y")]
    [InlineData("sum(x) by (*)")]
    [InlineData("x[5m:-1m]")]
    [InlineData("x[5Mi]")]
    [InlineData("x{a=~\"(\"}")]
    [InlineData("with (t = m) x{t}")]
    [InlineData("with (t(a) = a) t(1, 2)")]
    [InlineData("with (t = 1, t = 2) t")]
    [InlineData("with (o = {a=\"1\" or b=\"2\"}) x{o, c=\"3\"}")]
    [InlineData("\"s\" + unknown_template")]
    [InlineData("{\"a\", __name__=\"b\"}")]
    [InlineData("{\"a\", x=\"1\", \"b\"}")]
    [InlineData("topk($k, up)")]
    [InlineData("x @ @")]
    [InlineData("$")]
    [InlineData("1e")]
    [InlineData("'unterminated")]
    [InlineData("")]
    public void Refuses(string query)
    {
        var parsed = MetricsQLParser.Parse(query);
        parsed.Success.Should().BeFalse($"{query} printed as {(parsed.Success ? parsed.Value!.ToString() : "")}");
        parsed.ErrorMessage.Should().MatchRegex(@"^\d+:\d+: parse error: .+");
    }

    [Theory]
    [InlineData("a b", "1:3: parse error: unparsed data left: \"b\"")]
    [InlineData("sum(x[5m]) by (a", "1:17: parse error: ")]
    [InlineData("温度{a=\"1\"} )", "1:15: parse error: ")]
    public void Errors_say_where_reading_stopped(string query, string prefix)
    {
        MetricsQLParser.Parse(query).ErrorMessage.Should().StartWith(prefix);
    }

    [Fact]
    public void Folds_MetricsQL_operators_on_constants()
    {
        MetricsQLParser.Parse("NaN default 7").Value!.ToString().Should().Be("7");
        MetricsQLParser.Parse("5 if 1").Value!.ToString().Should().Be("5");
        MetricsQLParser.Parse("5 ifnot 1").Value!.ToString().Should().Be("NaN");
        MetricsQLParser.Parse("1 unless NaN").Value!.ToString().Should().Be("1");
        MetricsQLParser.Parse("1 / 0").Value!.ToString().Should().Be("+Inf");
    }

    [Fact]
    public void Keeps_function_names_as_written_and_lowers_aggregates()
    {
        MetricsQLParser.Parse("Rate(x) + SUM(y)").Value!.ToString().Should().Be("Rate(x) + sum(y)");
    }
}
