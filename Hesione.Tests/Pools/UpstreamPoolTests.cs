using FluentAssertions;
using Hesione.Server.Plan;
using Hesione.Server.Upstream.Pools;
using Xunit;

namespace Hesione.Tests.Pools;

/// <summary>The balancer and the passive health of a pool, on a clock that moves only when told.</summary>
public sealed class UpstreamPoolTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; private set; }

        public override long GetTimestamp() => Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    private readonly ManualClock _clock = new();

    private UpstreamPool Pool(int backends, string balance = "first_available")
    {
        var urls = string.Join(", ", Enumerable.Range(0, backends).Select(i => $"'http://prom-{i}:9090'"));
        var config = ConfigLoader.Parse($"receivers:\n  - {{name: r, prom: [{urls}], balance: {balance}, label_name: namespace, label: a}}\n", Path.GetTempPath());
        return new UpstreamPool(config.Receivers.Single().Upstream, _clock, metrics: null);
    }

    /// <summary>One attempt of a new request on the backend the pool chooses, ended with <paramref name="outcome"/>.</summary>
    private static int Serve(UpstreamPool pool, AttemptOutcome outcome = AttemptOutcome.Answered)
    {
        var attempt = new PoolAttempt();
        var chosen = pool.Choose(attempt);
        attempt.Start(chosen);
        pool.Enter(chosen);
        pool.Exit(chosen, outcome, TimeSpan.Zero);
        return chosen;
    }

    [Theory]
    [InlineData(1, false, 500)]
    [InlineData(2, false, 1000)]
    [InlineData(3, false, 2000)]
    [InlineData(4, false, 2000)]
    [InlineData(60, false, 2000)]
    [InlineData(1, true, 500)]
    [InlineData(3, true, 2000)]
    [InlineData(5, true, 8000)]
    [InlineData(6, true, 10000)]
    [InlineData(60, true, 10000)]
    public void Back_off_doubles_from_half_a_second_up_to_two_while_failures_are_quick_and_ten_once_slow(int failures, bool slow, int milliseconds)
    {
        BackOff.After(failures, slow).Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Fact]
    public void First_available_reads_from_the_first_until_it_fails_and_returns_when_its_back_off_ends()
    {
        var pool = Pool(3);
        Enumerable.Range(0, 5).Select(_ => Serve(pool)).Should().AllBeEquivalentTo(0);

        Serve(pool, AttemptOutcome.ConnectionFailure).Should().Be(0);
        pool.IsUp(0).Should().BeFalse();
        Serve(pool).Should().Be(1);
        _clock.Advance(TimeSpan.FromMilliseconds(499));
        Serve(pool).Should().Be(1);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        pool.IsUp(0).Should().BeFalse("until a request tried it");
        Serve(pool).Should().Be(0);
        pool.IsUp(0).Should().BeTrue();
        Serve(pool).Should().Be(0);
    }

    [Fact]
    public void One_request_at_a_time_tries_a_backend_whose_back_off_ended()
    {
        var pool = Pool(2);
        Serve(pool, AttemptOutcome.ConnectionFailure);
        _clock.Advance(TimeSpan.FromMilliseconds(500));

        pool.Choose(new PoolAttempt()).Should().Be(0, "its trial");
        pool.Choose(new PoolAttempt()).Should().Be(1, "the trial holds it for the receiver's timeout");
        _clock.Advance(TimeSpan.FromSeconds(60));
        pool.Choose(new PoolAttempt()).Should().Be(0, "a trial that never ended (its client went away) is given again after the timeout");
    }

    [Fact]
    public void The_back_off_grows_while_the_backend_keeps_failing_and_resets_on_success()
    {
        var pool = Pool(2);
        Serve(pool, AttemptOutcome.Timeout);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Serve(pool, AttemptOutcome.ErrorStatus).Should().Be(0);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Serve(pool).Should().Be(1, "the second failure in a row is left alone for 1 s");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Serve(pool).Should().Be(0);

        Serve(pool, AttemptOutcome.ConnectionFailure);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Serve(pool).Should().Be(0, "a success resets the count: the next failure waits 500 ms again");
    }

    [Fact]
    public void A_retry_goes_to_the_next_untried_backend_and_never_back_to_one_tried()
    {
        var pool = Pool(3);
        var attempt = new PoolAttempt();
        attempt.Start(pool.Choose(attempt));
        attempt.Current.Should().Be(0);
        pool.Enter(0);
        pool.Exit(0, AttemptOutcome.Timeout, TimeSpan.FromSeconds(1));

        attempt.Start(pool.Choose(attempt));
        attempt.Current.Should().Be(1);
        attempt.Start(pool.Choose(attempt));
        attempt.Current.Should().Be(2);
        pool.Choose(attempt).Should().Be(-1);
    }

    [Fact]
    public void When_all_are_down_a_first_attempt_tries_the_one_whose_back_off_ends_soonest_and_a_retry_skips_slow_ones()
    {
        var pool = Pool(3);
        for (var i = 0; i < 3; i++) Serve(pool, AttemptOutcome.Timeout); // 0 down 500 ms, then 1, then 2
        Serve(pool, AttemptOutcome.Timeout).Should().Be(0, "all down: the soonest back, 0 (now down 1 s)");
        _clock.Advance(TimeSpan.FromMilliseconds(100));

        var attempt = new PoolAttempt();
        var first = pool.Choose(attempt);
        first.Should().Be(1, "1 and 2 are back in 400 ms, 0 in 900 ms; 1 was listed first");
        attempt.Start(first);
        pool.Enter(first);
        pool.Exit(first, AttemptOutcome.Timeout, TimeSpan.FromSeconds(1));
        pool.Choose(attempt).Should().Be(-1, "no waiting on backends known to be slow");
    }

    [Fact]
    public void A_retry_tries_a_backend_in_back_off_whose_last_failure_was_quick()
    {
        var pool = Pool(2);
        Serve(pool, AttemptOutcome.ConnectionFailure); // 0 refused: down 500 ms
        var attempt = new PoolAttempt();
        attempt.Start(pool.Choose(attempt));
        attempt.Current.Should().Be(1);
        pool.Enter(1);
        pool.Exit(1, AttemptOutcome.ConnectionFailure, TimeSpan.FromMilliseconds(2));

        pool.Choose(attempt).Should().Be(0, "a replica restarted during its back-off answers; trying a refusing one costs milliseconds");
    }

    [Fact]
    public void A_failure_after_a_second_or_more_is_slow()
    {
        var pool = Pool(2);
        var attempt = new PoolAttempt();
        attempt.Start(pool.Choose(attempt));
        pool.Enter(0);
        pool.Exit(0, AttemptOutcome.ErrorStatus, TimeSpan.FromSeconds(1));
        attempt.Start(pool.Choose(attempt));
        pool.Enter(1);
        pool.Exit(1, AttemptOutcome.ConnectionFailure, TimeSpan.Zero);

        pool.Choose(new PoolAttempt()).Should().Be(0, "a first attempt: the soonest back (a tie: list order)");
        var retry = new PoolAttempt();
        retry.Start(1);
        pool.Choose(retry).Should().Be(-1, "backend 0 answered its 503 only after a second");
    }

    [Fact]
    public void A_probe_that_finds_a_backend_up_brings_it_back_before_its_back_off_ends()
    {
        var pool = Pool(2);
        Serve(pool, AttemptOutcome.ConnectionFailure);
        Serve(pool).Should().Be(1);

        pool.Recovered(0);

        pool.IsUp(0).Should().BeTrue();
        Serve(pool).Should().Be(0);
    }

    [Fact]
    public void A_client_that_goes_away_says_nothing_of_the_backend()
    {
        var pool = Pool(2);
        var attempt = new PoolAttempt();
        attempt.Start(pool.Choose(attempt));
        pool.Enter(0);
        pool.Exit(0, outcome: null, TimeSpan.Zero);

        pool.IsUp(0).Should().BeTrue();
        pool.InFlight(0).Should().Be(0);
    }

    [Fact]
    public void Least_loaded_goes_round_robin_when_idle()
    {
        var pool = Pool(3, "least_loaded");

        Enumerable.Range(0, 9).Select(_ => Serve(pool)).Should().Equal(0, 1, 2, 0, 1, 2, 0, 1, 2);
    }

    [Fact]
    public void Least_loaded_picks_the_backend_with_fewest_requests_in_flight()
    {
        var pool = Pool(3, "least_loaded");
        pool.Enter(0);
        pool.Enter(0);
        pool.Enter(1);

        var chosen = Enumerable.Range(0, 4).Select(_ => pool.Choose(new PoolAttempt())).ToList();

        chosen.Should().AllBeEquivalentTo(2);
        pool.Enter(2);
        pool.Enter(2);
        pool.Choose(new PoolAttempt()).Should().Be(1, "now 1 has the fewest");
    }

    [Fact]
    public void Least_loaded_skips_backends_that_are_down()
    {
        var pool = Pool(3, "least_loaded");
        var attempt = new PoolAttempt();
        attempt.Start(1);
        pool.Enter(1);
        pool.Exit(1, AttemptOutcome.ConnectionFailure, TimeSpan.Zero);

        Enumerable.Range(0, 6).Select(_ => Serve(pool)).Should().NotContain(1).And.Contain(0).And.Contain(2);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Serve(pool).Should().Be(1, "its back-off over, it gets a trial before the idle healthy ones");
        pool.IsUp(1).Should().BeTrue();
    }
}
