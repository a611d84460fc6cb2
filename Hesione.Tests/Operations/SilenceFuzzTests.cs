using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hesione.Tests.Server;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>
/// Random key spellings (case flips, long s, escapes, keys Go folds to no field), duplicate fields at both levels and
/// wrong types, posted through the proxy to an in-process Alertmanager stand-in that records what reaches it: each
/// payload is refused with nothing forwarded, or forwarded as exactly the silence Go would read from it, rebuilt with
/// the scope's matcher.
/// </summary>
public sealed class SilenceFuzzTests
{
    private const string OwnId = "2b7e1516-28ae-4d2a-a6ab-f7158809cf4f";
    private const string OtherId = "9c1a6f6e-0b9e-4b3b-8a53-3c2d6b0c1f00";

    [Fact]
    public async Task Each_payload_is_refused_or_forwarded_exactly_as_rebuilt()
    {
        await using var upstream = await KestrelFakeUpstream.StartAsync();
        upstream.Respond = Alertmanager;
        await using var proxy = await TestProxy.StartAsync("receivers:\n" + AlertmanagerFixture.Receiver("team-a", "team-a", upstream.BaseAddress)
            + AlertmanagerFixture.Receiver("team-a-strict", "team-a", upstream.BaseAddress, rejectConflicts: true));
        const int seed = 20261130;
        var intersect = new SilencePayloads(new Random(seed), OwnId, OtherId);
        var reject = new SilencePayloads(new Random(seed), OwnId, OtherId, rejectConflicts: true);
        var outcomes = new Dictionary<int, int>();

        for (var i = 0; i < 1500; i++)
        {
            var strict = i % 2 == 1;
            var payload = strict ? reject.Next() : intersect.Next();
            var posts = upstream.Requests.Count(r => r.Method == "POST");
            var (status, _) = await proxy.SendJsonAsync(HttpMethod.Post, strict ? "team-a-strict/api/v2/silences" : "team-a/api/v2/silences", payload.Json);

            ((int)status).Should().Be(payload.Status, because: $"payload {i} (seed {seed}): {payload.Json}");
            var forwarded = upstream.Requests.Where(r => r.Method == "POST").Skip(posts).Select(r => r.Body).ToList();
            if (payload.Forwarded is null) forwarded.Should().BeEmpty(because: $"payload {i} was refused: {payload.Json}");
            else forwarded.Should().Equal([payload.Forwarded], because: $"payload {i}: {payload.Json}");
            outcomes[payload.Status] = outcomes.GetValueOrDefault(payload.Status) + 1;
        }

        outcomes.Keys.Should().BeEquivalentTo([200, 400, 404], because: "the generator reaches every outcome");
        outcomes[200].Should().BeGreaterThan(300);
        outcomes[400].Should().BeGreaterThan(300);
    }

    /// <summary>An Alertmanager stand-in: silence <see cref="OwnId"/> is team-a's, <see cref="OtherId"/> team-b's; a POST gets a new id.</summary>
    private static Task Alertmanager(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        var path = context.Request.Path.Value ?? "";
        if (HttpMethods.IsPost(context.Request.Method)) return context.Response.WriteAsync($$"""{"silenceID":"{{Guid.NewGuid()}}"}""");
        var team = path.EndsWith(OwnId, StringComparison.Ordinal) ? "team-a" : path.EndsWith(OtherId, StringComparison.Ordinal) ? "team-b" : null;
        if (team is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.Response.WriteAsync("\"silence not found\"");
        }
        return context.Response.WriteAsync($$"""
            {"id":"{{path[(path.LastIndexOf('/') + 1)..]}}","matchers":[{"name":"namespace","value":"{{team}}","isRegex":false,"isEqual":true}],
             "startsAt":"2024-01-01T00:00:00Z","endsAt":"2124-01-01T00:00:00Z","createdBy":"x","comment":"x","status":{"state":"active"},"updatedAt":"2024-01-01T00:00:00Z"}
            """);
    }
}
