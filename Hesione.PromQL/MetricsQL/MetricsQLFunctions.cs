using System.Collections.Frozen;

namespace Hesione.PromQL.MetricsQL;

/// <summary>The kind of a MetricsQL function.</summary>
public enum MetricsQLFunctionKind
{
    /// <summary>Not a MetricsQL function.</summary>
    Unknown,
    /// <summary>Computes over a window of raw samples (<c>rate</c>, <c>avg_over_time</c>, <c>rollup_rate</c>...).</summary>
    Rollup,
    /// <summary>Transforms series point by point or as a whole (<c>abs</c>, <c>label_set</c>, <c>range_median</c>, <c>union</c>...).</summary>
    Transform,
    /// <summary>Aggregates across series (<c>sum</c>, <c>topk_max</c>, <c>quantiles</c>...), with <c>by</c>/<c>without</c> and <c>limit</c>.</summary>
    Aggregate,
}

/// <summary>
/// The function tables of VictoriaMetrics' MetricsQL (rollup, transform and aggregate functions, the label
/// manipulation functions among the transforms), case-insensitive. MetricsQL checks names when parsing; the
/// number and kind of arguments are checked by VictoriaMetrics when it runs the query.
/// </summary>
public static class MetricsQLFunctions
{
    private static readonly string[] RollupNames =
    [
        "absent_over_time", "aggr_over_time", "ascent_over_time", "avg_over_time", "changes", "changes_prometheus",
        "count_eq_over_time", "count_gt_over_time", "count_le_over_time", "count_ne_over_time", "count_over_time",
        "decreases_over_time", "default_rollup", "delta", "delta_prometheus", "deriv", "deriv_fast", "descent_over_time",
        "distinct_over_time", "duration_over_time", "first_over_time", "geomean_over_time", "histogram_over_time",
        "hoeffding_bound_lower", "hoeffding_bound_upper", "holt_winters", "idelta", "ideriv", "increase",
        "increase_prometheus", "increase_pure", "increases_over_time", "integrate", "irate", "lag", "last_over_time",
        "lifetime", "mad_over_time", "max_over_time", "median_over_time", "min_over_time", "mode_over_time",
        "outlier_iqr_over_time", "predict_linear", "present_over_time", "quantile_over_time", "quantiles_over_time",
        "range_over_time", "rate", "rate_over_sum", "resets", "rollup", "rollup_candlestick", "rollup_delta",
        "rollup_deriv", "rollup_increase", "rollup_rate", "rollup_scrape_interval", "scrape_interval",
        "share_gt_over_time", "share_le_over_time", "share_eq_over_time", "stale_samples_over_time",
        "stddev_over_time", "stdvar_over_time", "sum_gt_over_time", "sum_lt_over_time", "sum_over_time",
        "sum2_over_time", "tfirst_over_time", "timestamp", "timestamp_with_name", "tlast_change_over_time",
        "tlast_over_time", "tmax_over_time", "tmin_over_time", "zscore_over_time",
    ];

    private static readonly string[] TransformNames =
    [
        "", "abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh", "bitmap_and", "bitmap_or", "bitmap_xor",
        "buckets_limit", "ceil", "clamp", "clamp_max", "clamp_min", "cos", "cosh", "day_of_month", "day_of_week",
        "day_of_year", "days_in_month", "deg", "drop_common_labels", "drop_empty_series", "end", "exp", "floor",
        "histogram_avg", "histogram_fraction", "histogram_quantile", "histogram_quantiles", "histogram_share",
        "histogram_stddev", "histogram_stdvar", "hour", "interpolate", "keep_last_value", "keep_next_value",
        "label_copy", "label_del", "label_graphite_group", "label_join", "label_keep", "label_lowercase", "label_map",
        "label_match", "label_mismatch", "label_move", "label_replace", "label_set", "label_transform",
        "label_uppercase", "label_value", "label_values", "labels_equal", "limit_offset", "ln", "log2", "log10",
        "minute", "month", "now", "pi", "prometheus_buckets", "rad", "rand", "rand_exponential", "rand_normal",
        "range_avg", "range_first", "range_last", "range_linear_regression", "range_mad", "range_max", "range_min",
        "range_normalize", "range_quantile", "range_stddev", "range_stdvar", "range_sum", "range_trim_outliers",
        "range_trim_spikes", "range_trim_zscore", "range_zscore", "remove_resets", "round", "running_avg",
        "running_max", "running_min", "running_sum", "scalar", "sgn", "sin", "sinh", "smooth_exponential", "sort",
        "sort_by_label", "sort_by_label_desc", "sort_by_label_numeric", "sort_by_label_numeric_desc", "sort_desc",
        "sqrt", "start", "step", "tan", "tanh", "time", "timezone_offset", "union", "vector", "year",
    ];

    private static readonly string[] AggregateNames =
    [
        "any", "avg", "bottomk", "bottomk_avg", "bottomk_max", "bottomk_median", "bottomk_last", "bottomk_min", "count",
        "count_values", "distinct", "geomean", "group", "histogram", "limitk", "mad", "max", "median", "min", "mode",
        "outliers_iqr", "outliers_mad", "outliersk", "quantile", "quantiles", "share", "stddev", "stdvar", "sum", "sum2",
        "topk", "topk_avg", "topk_max", "topk_median", "topk_last", "topk_min", "utilization", "zscore",
    ];

    private static readonly FrozenDictionary<string, MetricsQLFunctionKind> Kinds =
        RollupNames.Select(n => (n, MetricsQLFunctionKind.Rollup))
            .Concat(TransformNames.Select(n => (n, MetricsQLFunctionKind.Transform)))
            .Concat(AggregateNames.Select(n => (n, MetricsQLFunctionKind.Aggregate)))
            .ToFrozenDictionary(p => p.n, p => p.Item2, StringComparer.OrdinalIgnoreCase);

    /// <summary>The kind of the named function (any case), or <see cref="MetricsQLFunctionKind.Unknown"/>.</summary>
    public static MetricsQLFunctionKind KindOf(string name) => Kinds.GetValueOrDefault(name, MetricsQLFunctionKind.Unknown);

    /// <summary>Whether the name is an aggregate function.</summary>
    public static bool IsAggregate(string name) => KindOf(name) == MetricsQLFunctionKind.Aggregate;

    /// <summary>Whether a call of this name (not an aggregate) is a rollup or transform function.</summary>
    public static bool IsCallable(string name) => KindOf(name) is MetricsQLFunctionKind.Rollup or MetricsQLFunctionKind.Transform;

    /// <summary>
    /// The templates every MetricsQL query may use without defining them (their bodies are MetricsQL text).
    /// </summary>
    internal static readonly string[] DefaultTemplates =
    [
        "ru(freev, maxv) = clamp_min(maxv - clamp_min(freev, 0), 0) / clamp_min(maxv, 0) * 100",
        "ttf(freev) = smooth_exponential(clamp_max(clamp_max(-freev, 0) / clamp_max(deriv_fast(freev), 0), 365*24*3600), clamp_max(step()/300, 1))",
        "range_median(q) = range_quantile(0.5, q)",
        "alias(q, name) = label_set(q, \"__name__\", name)",
    ];
}
