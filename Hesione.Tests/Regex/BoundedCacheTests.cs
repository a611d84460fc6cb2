using FluentAssertions;
using Hesione.PromQL.Caching;
using Hesione.PromQL.Parsing;
using Hesione.PromQL.Re2;
using Xunit;

namespace Hesione.Tests.Regex;

/// <summary>The caches client input can grow: bounded by count and by bytes, evicting, thread-safe.</summary>
/// <remarks>Alone: other tests' regexes (some of them huge, on purpose) would count against the shared regex caches' bounds.</remarks>
[Collection(nameof(BoundedCacheTests))]
public class BoundedCacheTests
{
    private static BoundedCache<string, string> Cache(int entries, long bytes) =>
        new(entries, bytes, static (key, value) => 2L * (key.Length + value.Length), StringComparer.Ordinal);

    [Fact]
    public void The_count_bound_holds_and_entries_asked_for_again_stay()
    {
        var cache = Cache(entries: 100, bytes: long.MaxValue);
        cache.Add("kept", "v");
        for (var i = 0; i < 1000; i++)
        {
            cache.Add($"k{i}", "v");
            if (i % 20 == 0) cache.TryGet("kept", out _).Should().BeTrue();
            cache.Count.Should().BeLessThanOrEqualTo(100);
        }
        cache.TryGet("kept", out var kept).Should().BeTrue();
        kept.Should().Be("v");
        cache.TryGet("k0", out _).Should().BeFalse("an entry not asked for over two generations is gone");
        cache.TryGet("k999", out _).Should().BeTrue();
    }

    [Fact]
    public void The_byte_bound_holds()
    {
        var cache = Cache(entries: int.MaxValue, bytes: 100_000);
        for (var i = 0; i < 1000; i++)
        {
            cache.Add($"k{i}", new string('v', 1000));
            cache.Bytes.Should().BeLessThanOrEqualTo(100_000);
        }
        cache.Count.Should().BeLessThan(100);
    }

    [Fact]
    public void An_entry_of_more_than_a_sixteenth_of_the_bytes_is_not_kept()
    {
        var cache = Cache(entries: 100, bytes: 16_000);
        cache.Add("big", new string('v', 500)); // 1,006 bytes
        cache.Add("small", new string('v', 400)); // 810 bytes
        cache.TryGet("big", out _).Should().BeFalse();
        cache.TryGet("small", out _).Should().BeTrue();
    }

    [Fact]
    public void Get_or_add_creates_once_and_concurrent_callers_agree()
    {
        var cache = new BoundedCache<int, int>(1000, long.MaxValue, static (_, _) => 1);
        Parallel.For(0, 100_000, i => cache.GetOrAdd(i % 300, static k => k * 2).Should().Be(i % 300 * 2));
        cache.Count.Should().BeLessThanOrEqualTo(600);
    }

    [Fact]
    public void The_regex_caches_stay_bounded_with_100k_distinct_client_regexes()
    {
        Parallel.For(0, 100_000, i =>
        {
            var pattern = $"job-{i}|api-[0-9]+-{i}";
            PromQLParser.Parse($"up{{job=~\"{pattern}\"}}").Success.Should().BeTrue();
            AnchoredRegex.FullMatch(pattern, $"job-{i}").Should().NotBe(false); // null: timed out on a loaded machine
        });

        AnchoredRegex.Problems.Count.Should().BeLessThanOrEqualTo(16_384 + 64);
        AnchoredRegex.Problems.Bytes.Should().BeLessThanOrEqualTo((8 << 20) + 64 * 1024);
        AnchoredRegex.EmptyMatches.Count.Should().BeLessThanOrEqualTo(16_384 + 64);
        AnchoredRegex.EmptyMatches.Bytes.Should().BeLessThanOrEqualTo((4 << 20) + 64 * 1024);
        AnchoredRegex.Compiled.Count.Should().BeLessThanOrEqualTo(4_096 + 64);
        AnchoredRegex.Compiled.Bytes.Should().BeLessThanOrEqualTo((16 << 20) + 64 * 4096);
        AnchoredRegex.MatchesEmpty("a|").Should().BeTrue("answers stay right after eviction");
        AnchoredRegex.FullMatch("job-7|api-[0-9]+-7", "api-12-7").Should().NotBe(false);
        AnchoredRegex.FullMatch("job-7|api-[0-9]+-7", "api-12-8").Should().NotBe(true);
    }
}

/// <summary>Runs <see cref="BoundedCacheTests"/> after all others, alone.</summary>
[CollectionDefinition(nameof(BoundedCacheTests), DisableParallelization = true)]
public sealed class BoundedCacheCollection;
