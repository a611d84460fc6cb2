using FluentAssertions;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;
using Hesione.Server.Enforcement;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>The cache of enforced queries: keyed by scope and kind, refusals kept too, memory bounded, safe across threads.</summary>
public class EnforcementCacheTests
{
    private static ReceiverScope Scope(string team, EnforcementCache cache) =>
        ReceiverScope.Enforcing(LabelScope.Single("namespace", team), PromQLParserOptions.Default, cache);

    private sealed class CountingEnforcer(string suffix)
    {
        public int Calls;

        public EnforcementResult<string> Enforce(string text)
        {
            Interlocked.Increment(ref Calls);
            return EnforcementResult<string>.Ok(text + suffix);
        }
    }

    [Fact]
    public void A_repeated_query_is_enforced_once()
    {
        var cache = new EnforcementCache();
        var scope = Scope("team-a", cache);
        var enforcer = new CountingEnforcer("!");

        cache.GetOrEnforce(scope, selector: false, "up", enforcer.Enforce).Value.Should().Be("up!");
        cache.GetOrEnforce(scope, selector: false, "up", enforcer.Enforce).Value.Should().Be("up!");

        enforcer.Calls.Should().Be(1);
    }

    [Fact]
    public void Scopes_and_kinds_do_not_share_entries()
    {
        var cache = new EnforcementCache();
        var teamA = Scope("team-a", cache);
        var teamB = Scope("team-b", cache);

        teamA.EnforceQuery("up").Value.Should().Be("up{namespace=\"team-a\"}");
        teamB.EnforceQuery("up").Value.Should().Be("up{namespace=\"team-b\"}");
        teamA.EnforceQuery("up").Value.Should().Be("up{namespace=\"team-a\"}");
        var asSelector = new CountingEnforcer(" as selector");
        cache.GetOrEnforce(teamA, selector: true, "up", asSelector.Enforce).Value.Should().Be("up as selector");
        asSelector.Calls.Should().Be(1);
    }

    [Fact]
    public void A_refusal_is_remembered_and_stays_a_refusal()
    {
        var cache = new EnforcementCache();
        var scope = Scope("team-a", cache);

        var first = scope.EnforceQuery("sum(");
        var second = scope.EnforceQuery("sum(");

        first.Success.Should().BeFalse();
        second.Should().Be(first);
        second.Failure.Should().Be(EnforcementFailure.InvalidQuery);
    }

    [Fact]
    public void Texts_longer_than_the_limit_are_enforced_every_time()
    {
        var cache = new EnforcementCache();
        var scope = Scope("team-a", cache);
        var enforcer = new CountingEnforcer("");
        var text = new string('x', EnforcementCache.LongestCachedText + 1);

        cache.GetOrEnforce(scope, selector: false, text, enforcer.Enforce);
        cache.GetOrEnforce(scope, selector: false, text, enforcer.Enforce);

        enforcer.Calls.Should().Be(2);
    }

    [Fact]
    public void Memory_is_bounded_and_recently_used_entries_survive()
    {
        var cache = new EnforcementCache();
        var scope = Scope("team-a", cache);
        var enforcer = new CountingEnforcer("");
        var text = new string('q', 1000);
        var perGeneration = (int)(EnforcementCache.MaxBytes / 2 / EnforcementCache.SizeOf(text, EnforcementResult<string>.Ok(text)));

        cache.GetOrEnforce(scope, selector: false, "kept", enforcer.Enforce);
        cache.GetOrEnforce(scope, selector: false, "dropped", enforcer.Enforce);
        for (var i = 0; i < 3 * perGeneration; i++)
        {
            cache.GetOrEnforce(scope, selector: false, text + i, enforcer.Enforce);
            if (i % (perGeneration / 4) == 0) cache.GetOrEnforce(scope, selector: false, "kept", enforcer.Enforce);
        }
        var calls = enforcer.Calls;

        cache.GetOrEnforce(scope, selector: false, "kept", enforcer.Enforce);
        enforcer.Calls.Should().Be(calls, "an entry asked for in every generation stays");
        cache.GetOrEnforce(scope, selector: false, "dropped", enforcer.Enforce);
        enforcer.Calls.Should().Be(calls + 1, "an entry not asked for over two generations is gone");
        cache.GetOrEnforce(scope, selector: false, text + "0", enforcer.Enforce);
        enforcer.Calls.Should().Be(calls + 2);
    }

    [Fact]
    public void Count_and_bytes_stay_within_bounds_whatever_the_texts()
    {
        var cache = new EnforcementCache();
        var scope = Scope("team-a", cache);
        var enforcer = new CountingEnforcer("");
        Parallel.For(0, 100_000, i =>
        {
            cache.GetOrEnforce(scope, selector: false, $"q{i}", enforcer.Enforce); // small: the count bound binds
            if (i % 10 == 0) cache.GetOrEnforce(scope, selector: false, new string('x', 4000) + i, enforcer.Enforce); // large: the byte bound binds
            cache.Count.Should().BeLessThanOrEqualTo(EnforcementCache.MaxEntries + 64);
            cache.Bytes.Should().BeLessThanOrEqualTo(EnforcementCache.MaxBytes + 64 * EnforcementCache.SizeOf(new string('x', 4006), EnforcementResult<string>.Ok(new string('x', 4006))));
        });
    }

    [Fact]
    public void Concurrent_callers_get_each_their_own_scope_s_result()
    {
        var cache = new EnforcementCache();
        var scopes = Enumerable.Range(0, 4).Select(i => Scope($"team-{i}", cache)).ToArray();
        var queries = Enumerable.Range(0, 200).Select(i => $"rate(metric_{i}[5m])").ToArray();

        Parallel.For(0, 20_000, i =>
        {
            var team = i % scopes.Length;
            var query = queries[i / scopes.Length % queries.Length];
            var result = scopes[team].EnforceQuery(query);
            result.Value.Should().Be(query.Replace("[5m]", $"{{namespace=\"team-{team}\"}}[5m]"));
        });
    }
}
