using FluentAssertions;
using Hesione.Server.Plan;
using Hesione.Server.Runtime;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>The probe cache behind <c>/health</c> and <c>/-/ready</c>: one probe per backend per 5 s, shared by concurrent requests.</summary>
public sealed class BackendProbesTests
{
    private static readonly ProxyConfig Config = ConfigLoader.Parse("""
        receivers:
          - name: a
            prom: http://127.0.0.1:9090
            label_name: namespace
            label: a
          - name: b
            prom: http://127.0.0.1:9090
            label_name: namespace
            label: b
          - name: other-credentials
            prom: http://127.0.0.1:9090
            label_name: namespace
            label: c
            prom_auth: {user: reader, password: secret}
          - name: other-backend
            prom: http://127.0.0.1:9091
            label_name: namespace
            label: d
        """, Path.GetTempPath());

    private static Receiver R(string name) => Config.ReceiversByName[name];

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long GetTimestamp() => Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    private sealed class CountingProbe
    {
        public int Count;
        public TaskCompletionSource<int?> Answer { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<int?> ProbeAsync(Receiver receiver, int backend)
        {
            Interlocked.Increment(ref Count);
            return Answer.Task;
        }
    }

    [Fact]
    public async Task Concurrent_requests_share_one_probe_in_flight_and_its_result_for_5_seconds()
    {
        var clock = new ManualClock();
        var probe = new CountingProbe();
        var probes = new BackendProbes(Config.Receivers, probe.ProbeAsync, clock);

        var waiting = Enumerable.Range(0, 100).Select(_ => probes.StatusAsync(R("a"))).ToList();
        clock.Advance(TimeSpan.FromSeconds(10));
        waiting.Add(probes.StatusAsync(R("a")));
        probe.Count.Should().Be(1, "a probe in flight is shared, however long it takes");
        waiting.Should().OnlyContain(t => !t.IsCompleted);

        probe.Answer.SetResult(200);
        (await Task.WhenAll(waiting)).Should().OnlyContain(s => s == 200);

        probe.Answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.Answer.SetResult(503);
        clock.Ticks = 0;
        clock.Advance(TimeSpan.FromSeconds(4.9));
        (await probes.StatusAsync(R("a"))).Should().Be(200, "the result is fresh for 5 s from the probe's start");
        probe.Count.Should().Be(1);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        (await probes.StatusAsync(R("a"))).Should().Be(503);
        probe.Count.Should().Be(2);
    }

    [Fact]
    public async Task Receivers_with_the_same_probe_request_share_it_and_others_do_not()
    {
        var probe = new CountingProbe();
        probe.Answer.SetResult(200);
        var probes = new BackendProbes(Config.Receivers, probe.ProbeAsync, new ManualClock());

        foreach (var name in new[] { "a", "b", "a", "b" }) await probes.StatusAsync(R(name));
        probe.Count.Should().Be(1, "a and b probe the same URL with the same credentials");

        await probes.StatusAsync(R("other-credentials"));
        await probes.StatusAsync(R("other-backend"));
        probe.Count.Should().Be(3);
    }

    [Fact]
    public async Task A_probe_that_throws_is_a_backend_that_did_not_answer()
    {
        var probes = new BackendProbes(Config.Receivers, (_, _) => throw new ObjectDisposedException("client"), new ManualClock());
        (await probes.StatusAsync(R("a"))).Should().BeNull();
    }
}
