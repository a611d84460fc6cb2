using System.Diagnostics;
using System.Net;
using FluentAssertions;

namespace Hesione.Tests.Server;

/// <summary>A thousand GETs in about a second: ten batches of a hundred concurrent requests, a batch every 100 ms.</summary>
internal static class PacedRequests
{
    /// <summary>Sends them (request <c>i</c> to <paramref name="pathOf"/>(i)), checks that every answer is 200, and returns how long it took.</summary>
    public static async Task<TimeSpan> ThousandAsync(HttpClient client, Func<int, string> pathOf)
    {
        var clock = Stopwatch.StartNew();
        for (var batch = 0; batch < 10; batch++)
        {
            var started = clock.Elapsed;
            var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => client.GetAsync(pathOf(batch * 100 + i))));
            answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK);
            foreach (var answer in answers) answer.Dispose();
            var pause = TimeSpan.FromMilliseconds(100) - (clock.Elapsed - started);
            if (pause > TimeSpan.Zero) await Task.Delay(pause);
        }
        return clock.Elapsed;
    }
}
