using System.Globalization;
using Hesione.PromQL.MetricsQL;
using Hesione.PromQL.Parsing;
using Hesione.Server.Configuration;
using Hesione.Server.PrometheusApi;

namespace Hesione.Server.Enforcement;

/// <summary>
/// <c>max_points</c> and <c>max_range</c>, checked on the canonical (enforced) parameters before anything is sent
/// upstream. A range query needs <c>start</c>, <c>end</c> and <c>step</c> (as in Prometheus, with its wording for the
/// same refusals) and may ask for at most <c>max_points</c> points per series, (end − start) / step. With
/// <c>max_range</c>: the <c>start</c>..<c>end</c> of a range query, series, labels, label values and exemplars may
/// span at most that long (a missing <c>start</c>, all time to Prometheus, is refused; a missing <c>end</c> counts as
/// now), and so may the query's <see cref="QueryLookback"/> (range queries and instant queries) and the lookback
/// parameters <c>step</c>, <c>max_lookback</c> and <c>lookback_delta</c>.
/// </summary>
internal static class QueryGuards
{
    private const string MaxPointsReason = "max_points";
    private const string MaxRangeReason = "max_range";
    private const long NanosPerSecond = 1_000_000_000;

    public static ApiError? Check(ApiEndpoint endpoint, List<KeyValuePair<string, string>> parameters, Guards guards, PromQLParserOptions options, QueryDialect dialect, DateTimeOffset now) =>
        endpoint.Name switch
        {
            "api/v1/query_range" => CheckLookbackParameters(parameters, guards) ?? CheckRangeQuery(parameters, guards, options, dialect),
            "api/v1/query" => CheckLookbackParameters(parameters, guards) ?? CheckLookback(parameters, guards, options, dialect, InstantStepSeconds(parameters, dialect), rangeSeconds: 0),
            "api/v1/series" or "api/v1/labels" or "api/v1/label/values" or "api/v1/query_exemplars" => CheckWindow(parameters, guards, now),
            _ => null,
        };

    private static ApiError? CheckRangeQuery(List<KeyValuePair<string, string>> parameters, Guards guards, PromQLParserOptions options, QueryDialect dialect)
    {
        if (!PrometheusTime.TryParseTime(Get(parameters, "start") ?? "", out var start)) return CannotParse("start", "timestamp", parameters);
        if (!PrometheusTime.TryParseTime(Get(parameters, "end") ?? "", out var end)) return CannotParse("end", "timestamp", parameters);
        if (end < start) return ApiError.BadData("invalid parameter \"end\": end timestamp must not be before start time");
        if (!PrometheusTime.TryParseDuration(Get(parameters, "step") ?? "", out var step)) return CannotParse("step", "duration", parameters);
        if (step <= 0) return ApiError.BadData("invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
        var window = end - start;
        if (window / step > guards.MaxPoints)
        {
            return ApiError.BadData($"exceeded maximum resolution of {guards.MaxPoints.ToString("N0", CultureInfo.InvariantCulture)} points per timeseries. Try decreasing the query resolution (?step=XX)")
                with { Reason = MaxPointsReason };
        }
        if (guards.MaxRange is { } maxRange && window > Nanoseconds(maxRange)) return TooLong(window, maxRange);
        return CheckLookback(parameters, guards, options, dialect, (double)step / NanosPerSecond, (double)window / NanosPerSecond);
    }

    /// <summary>
    /// Parameters that set how far back the backend reads: VictoriaMetrics reads raw samples of an instant query, and
    /// the window of a rollup written without one, as far back as <c>step</c> (on instant queries too), or as
    /// <c>max_lookback</c>; Prometheus 3 as far as <c>lookback_delta</c>. With <c>max_range</c>, each (every time it
    /// is given) is at most that long, and one that cannot be read is refused.
    /// </summary>
    private static ApiError? CheckLookbackParameters(List<KeyValuePair<string, string>> parameters, Guards guards)
    {
        if (guards.MaxRange is not { } maxRange) return null;
        foreach (var (name, text) in parameters)
        {
            if (name is not ("step" or "max_lookback" or "lookback_delta")) continue;
            if (!PrometheusTime.TryParseDuration(text, out var nanoseconds)) return CannotParse(name, "duration", parameters);
            if (nanoseconds > Nanoseconds(maxRange))
            {
                return ApiError.BadData($"invalid parameter \"{name}\": the backend would read {text} back, more than this receiver's max_range {PromDuration.Format(maxRange)}")
                    with { Reason = MaxRangeReason };
            }
        }
        return null;
    }

    private static ApiError? CheckWindow(List<KeyValuePair<string, string>> parameters, Guards guards, DateTimeOffset now)
    {
        if (guards.MaxRange is not { } maxRange) return null;
        if (Get(parameters, "start") is not { } startText)
        {
            return ApiError.BadData($"invalid parameter \"start\": needed, as this receiver's requests may span at most {PromDuration.Format(maxRange)} (max_range)")
                with { Reason = MaxRangeReason };
        }
        if (!PrometheusTime.TryParseTime(startText, out var start)) return CannotParse("start", "timestamp", parameters);
        Int128 end = now.ToUnixTimeMilliseconds() * 1_000_000L;
        if (Get(parameters, "end") is { } endText && !PrometheusTime.TryParseTime(endText, out end)) return CannotParse("end", "timestamp", parameters);
        var window = Int128.Max(0, end - start);
        return window > Nanoseconds(maxRange) ? TooLong(window, maxRange) : null;
    }

    /// <summary>
    /// The step an instant query is evaluated with: none in PromQL; in MetricsQL the <c>step</c> parameter (already
    /// checked to be a duration), else VictoriaMetrics' default.
    /// </summary>
    private static double InstantStepSeconds(List<KeyValuePair<string, string>> parameters, QueryDialect dialect) =>
        dialect != QueryDialect.MetricsQL ? 0
        : Get(parameters, "step") is { } text && PrometheusTime.TryParseDuration(text, out var step) ? (double)step / NanosPerSecond
        : MetricsQLLookback.DefaultInstantStepSeconds;

    /// <summary>
    /// How far back VictoriaMetrics reads for a selector without a window when the request says so: the longest of
    /// <c>max_lookback</c> and <c>lookback_delta</c> (each already bounded by <see cref="CheckLookbackParameters"/>).
    /// </summary>
    private static double ImplicitWindowSeconds(List<KeyValuePair<string, string>> parameters)
    {
        var longest = 0.0;
        foreach (var (name, value) in parameters)
            if (name is "max_lookback" or "lookback_delta" && PrometheusTime.TryParseDuration(value, out var duration))
                longest = Math.Max(longest, (double)duration / NanosPerSecond);
        return longest;
    }

    private static ApiError? CheckLookback(List<KeyValuePair<string, string>> parameters, Guards guards, PromQLParserOptions options, QueryDialect dialect, double stepSeconds, double rangeSeconds)
    {
        if (guards.MaxRange is not { } maxRange) return null;
        var query = Get(parameters, ParameterRules.Query) ?? "";
        double lookback;
        try
        {
            if (dialect == QueryDialect.MetricsQL)
            {
                // No shortcut off the text: windows in steps, and the step every selector reads back, are not in it.
                var parsed = MetricsQLParser.Parse(query, options);
                if (!parsed.Success) return ApiError.BadData($"invalid parameter \"query\": {parsed.ErrorMessage}");
                lookback = MetricsQLLookback.Seconds(parsed.Value, stepSeconds, ImplicitWindowSeconds(parameters));
            }
            else
            {
                // Most queries are bounded by their text alone; parsing again is for the few that come near the limit.
                if (QueryLookback.TryBound(query, out var bound) && bound <= maxRange.TotalSeconds) return null;
                var parsed = PromQLParser.Parse(query, options);
                if (!parsed.Success) return ApiError.BadData($"invalid parameter \"query\": {parsed.ErrorMessage}");
                lookback = QueryLookback.Seconds(parsed.Value, stepSeconds, rangeSeconds);
            }
        }
        catch (InsufficientExecutionStackException)
        {
            lookback = double.PositiveInfinity;
        }
        if (lookback <= maxRange.TotalSeconds) return null;
        var reach = lookback < TimeSpan.MaxValue.TotalSeconds ? PromDuration.Format(TimeSpan.FromSeconds(lookback)) : "without bound";
        return ApiError.BadData($"the query reads {reach} back (its longest range selector or subquery window, offsets included), more than this receiver's max_range {PromDuration.Format(maxRange)}")
            with { Reason = MaxRangeReason };
    }

    private static ApiError TooLong(Int128 window, TimeSpan maxRange)
    {
        var milliseconds = window / 1_000_000;
        var span = milliseconds < (Int128)TimeSpan.MaxValue.TotalMilliseconds ? PromDuration.Format(TimeSpan.FromMilliseconds((long)milliseconds)) : "without bound";
        return ApiError.BadData($"the time range of the request ({span}) is longer than this receiver's max_range {PromDuration.Format(maxRange)}")
            with { Reason = MaxRangeReason };
    }

    private static ApiError CannotParse(string name, string kind, List<KeyValuePair<string, string>> parameters) =>
        ApiError.BadData($"invalid parameter \"{name}\": cannot parse \"{Get(parameters, name)}\" to a valid {kind}");

    private static Int128 Nanoseconds(TimeSpan duration) => (Int128)duration.Ticks * (NanosPerSecond / TimeSpan.TicksPerSecond);

    private static string? Get(List<KeyValuePair<string, string>> parameters, string name)
    {
        foreach (var (key, value) in parameters)
            if (key == name) return value;
        return null;
    }
}
