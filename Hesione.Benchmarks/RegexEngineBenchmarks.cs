using BenchmarkDotNet.Attributes;
using Hesione.PromQL.Re2;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetRegexOptions = System.Text.RegularExpressions.RegexOptions;

namespace Hesione.Benchmarks;

/// <summary>
/// .NET's backtracking engine (the reference) against its non-backtracking engine, on the anchored translations
/// <see cref="AnchoredRegex"/> compiles: the cost of compiling a regex and answering its first value (what a new
/// client regex costs), and of one more match on a compiled regex (what a cached one costs). <c>(a*)*b</c> on
/// 24 a's is the hostile case: every way of splitting the a's is tried before the backtracking engine fails.
/// </summary>
[MemoryDiagnoser]
public class RegexEngineBenchmarks
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["team-a|team-b"] = "team-b",
        [".*foo.*"] = "service-foo-production",
        ["api-[0-9]+|web-(eu|us)-[a-z]+"] = "web-eu-frontend",
        ["(a*)*b"] = new string('a', 24),
    };

    private string _anchored = "";
    private string _value = "";
    private DotNetRegex _backtracking = null!;
    private DotNetRegex _nonBacktracking = null!;

    [Params("team-a|team-b", ".*foo.*", "api-[0-9]+|web-(eu|us)-[a-z]+", "(a*)*b")]
    public string Pattern { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _anchored = @"\A(?:" + Re2Syntax.Translate("(?s:" + Pattern + ")")!.Value.Pattern + @")\z";
        _value = Values[Pattern];
        _backtracking = Backtracking();
        _nonBacktracking = NonBacktracking();
        _ = _backtracking.IsMatch(_value);
        _ = _nonBacktracking.IsMatch(_value);
    }

    [Benchmark(Baseline = true)]
    public bool CompileAndMatchBacktracking() => Backtracking().IsMatch(_value);

    [Benchmark]
    public bool CompileAndMatchNonBacktracking() => NonBacktracking().IsMatch(_value);

    [Benchmark]
    public bool MatchBacktracking() => _backtracking.IsMatch(_value);

    [Benchmark]
    public bool MatchNonBacktracking() => _nonBacktracking.IsMatch(_value);

    private DotNetRegex Backtracking() => new(_anchored, DotNetRegexOptions.CultureInvariant, TimeSpan.FromSeconds(30));

    private DotNetRegex NonBacktracking() => new(_anchored, DotNetRegexOptions.CultureInvariant | DotNetRegexOptions.NonBacktracking);
}
