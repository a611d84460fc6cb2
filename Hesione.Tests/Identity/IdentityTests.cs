using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Hesione.Tests.Operations;
using Hesione.Tests.Server;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Hesione.Tests.Identity;

/// <summary>
/// Receivers whose scope comes from a verified token (RS256 and ES256 keys made here, JWKS served by a local server)
/// or from bcrypt users: the forwarded query carries each client's own scope, every kind of bad token is refused with
/// its reason counted, keys rotate without a restart, and a JWKS endpoint that goes down leaves the cached keys working.
/// </summary>
public sealed class IdentityTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.test";
    private const string Audience = "hesione";
    internal const string AliceHash = "$2y$05$zbo7GFNlRcZ5ScA9Pc.n5OgXl8gdmxmIz8mDTKM0ifq.NPaYTh1iK";
    internal const string BobHash = "$2y$05$wsPpp5kSaZ4RQtugUplhaeniznUp3XEsH9I.spEi1NqVYTi8Jc1Om";

    // Made once: RSA key generation is slow, and every test starts its own proxy and key server.
    private static readonly TestKey RsaKey = TestKey.Rsa("rsa-1");
    private static readonly TestKey EcKey = TestKey.Ecdsa("ec-1");
    private static readonly TestKey StrangerKey = TestKey.Rsa("rsa-1");
    private readonly ManualClock _clock = new();
    private readonly CapturedLogs _logs = new();
    private KestrelFakeUpstream _upstream = null!;
    private KestrelFakeUpstream _jwks = null!;
    private TestProxy _proxy = null!;
    private volatile string _jwksDocument = "";
    private volatile bool _jwksDown;
    private int _jwksFetches;

    public async Task InitializeAsync()
    {
        _jwksDocument = TestKey.Jwks(RsaKey, EcKey);
        _upstream = await KestrelFakeUpstream.StartAsync();
        _upstream.Respond = context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"status":"success","data":{"resultType":"vector","result":[]}}""");
        };
        _jwks = await KestrelFakeUpstream.StartAsync();
        _jwks.Respond = context =>
        {
            Interlocked.Increment(ref _jwksFetches);
            if (_jwksDown)
            {
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            }
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(_jwksDocument);
        };
        _proxy = await TestProxy.StartAsync($$"""
            identities:
              idp:
                issuer: {{Issuer}}
                audience: [{{Audience}}, other]
                jwks_url: {{_jwks.BaseAddress}}keys
              grafana:
                issuer: http://grafana:3000
                jwks_url: {{_jwks.BaseAddress}}keys
                header: X-Grafana-Id
            receivers:
              - name: teams
                prom: {{_upstream.BaseAddress}}
                auth:
                  identity: idp
                  users:
                    - {user: alice, password_hash: "{{AliceHash}}", labels: {namespace: alice-ns} }
                    - {user: bob, password_hash: "{{BobHash}}" }
                labels: {namespace: shared}
                scopes:
                  - when: {claim: groups, contains: team-a}
                    labels: {namespace: team-a}
                  - when: {claim: groups, contains: team-b}
                    labels: {namespace: [team-b]}
                  - when: {claim: email, matches: '.+@ops\.example'}
                    labels: {namespace: [ops, "{claim:extra}"]}
              - name: by-claim
                prom: {{_upstream.BaseAddress}}
                auth: {identity: idp}
                scopes:
                  - labels: {namespace: "{claim:namespace}"}
              - name: grafana
                prom: {{_upstream.BaseAddress}}
                auth: {identity: grafana}
                scopes:
                  - when: {claim: sub, equals: "user:id:7"}
                    labels: {namespace: team-a}
            """, _logs, clock: _clock);
    }

    private bool _proxyDisposed;

    public async Task DisposeAsync()
    {
        if (!_proxyDisposed) await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
        await _jwks.DisposeAsync();
        _logs.Dispose();
    }

    private string Token(TestKey key, Dictionary<string, object> claims, string issuer = Issuer, string? audience = Audience, TimeSpan? expiresIn = null, TimeSpan? notBeforeIn = null) =>
        key.Sign(issuer, audience, claims, expiresIn, notBeforeIn);

    private static Dictionary<string, object> Claims(params (string Name, object Value)[] claims) =>
        claims.Append(("sub", "someone")).DistinctBy(c => c.Item1).ToDictionary(c => c.Item1, c => c.Item2);

    private async Task<(HttpStatusCode Status, string Body)> Query(string receiver, string? bearer = null, (string Name, string Value)? header = null, AuthenticationHeaderValue? basic = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/{receiver}/api/v1/query?query=up");
        if (bearer is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        if (basic is not null) request.Headers.Authorization = basic;
        if (header is { } h) request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        using var response = await _proxy.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The query the upstream received last, decoded.</summary>
    private string ForwardedQuery()
    {
        var last = _upstream.Requests.Last();
        return FakeRequestForm(last.Query);
    }

    private static string FakeRequestForm(string query) =>
        Uri.UnescapeDataString(query.Split('&').Single(p => p.StartsWith("query=", StringComparison.Ordinal))["query=".Length..].Replace('+', ' '));

    private async Task<string> Metrics() => await _proxy.Client.GetStringAsync("/metrics");

    [Fact]
    public async Task A_valid_RS256_token_gets_the_scope_of_its_claims_and_is_not_forwarded()
    {
        var token = Token(RsaKey, Claims(("groups", new[] { "team-a", "other" })));
        var answer = await Query("teams", token);
        answer.Status.Should().Be(HttpStatusCode.OK, answer.Body);
        ForwardedQuery().Should().Be("up{namespace=\"team-a\"}");
        _upstream.Requests.Last().Headers.Keys.Should().NotContain(k => k.Equals("Authorization", StringComparison.OrdinalIgnoreCase));

        var both = await Query("teams", Token(RsaKey, Claims(("groups", new[] { "team-b", "team-a" }))));
        both.Status.Should().Be(HttpStatusCode.OK, both.Body);
        ForwardedQuery().Should().Be("up{namespace=~\"team-a|team-b\"}");
    }

    [Fact]
    public async Task An_ES256_token_takes_label_values_from_a_string_or_array_claim()
    {
        (await Query("by-claim", Token(EcKey, Claims(("namespace", "dot.ns"))))).Status.Should().Be(HttpStatusCode.OK);
        ForwardedQuery().Should().Be("up{namespace=\"dot.ns\"}");
        (await Query("by-claim", Token(EcKey, Claims(("namespace", new[] { "b", "a" }))))).Status.Should().Be(HttpStatusCode.OK);
        ForwardedQuery().Should().Be("up{namespace=~\"a|b\"}");
    }

    [Fact]
    public async Task A_matches_rule_adds_its_literal_and_claim_values()
    {
        var answer = await Query("teams", Token(RsaKey, Claims(("email", "eve@ops.example"), ("extra", "eve-ns"))));
        answer.Status.Should().Be(HttpStatusCode.OK, answer.Body);
        ForwardedQuery().Should().Be("up{namespace=~\"eve-ns|ops\"}");
        // Anchored: a longer address does not match.
        (await Query("teams", Token(RsaKey, Claims(("email", "eve@ops.example.evil"), ("extra", "eve-ns"))))).Status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_Grafana_ID_token_comes_in_its_own_header()
    {
        var token = Token(RsaKey, Claims(("sub", "user:id:7")), issuer: "http://grafana:3000", audience: "org:1");
        (await Query("grafana", header: ("X-Grafana-Id", token))).Status.Should().Be(HttpStatusCode.OK);
        ForwardedQuery().Should().Be("up{namespace=\"team-a\"}");
        _upstream.Requests.Last().Headers.Keys.Should().NotContain(k => k.Equals("X-Grafana-Id", StringComparison.OrdinalIgnoreCase));
        // The same token as a bearer token is in the wrong header.
        (await Query("grafana", bearer: token)).Status.Should().Be(HttpStatusCode.Unauthorized);
        // And another user of the same Grafana gets no scope here.
        var other = Token(RsaKey, Claims(("sub", "user:id:8")), issuer: "http://grafana:3000", audience: "org:1");
        (await Query("grafana", header: ("X-Grafana-Id", other))).Status.Should().Be(HttpStatusCode.Forbidden);
    }

    public static TheoryData<string, string> RefusalCases() => new()
    {
        { "alg none", "algorithm" },
        { "HS256 signed with the public key", "algorithm" },
        { "wrong audience", "audience" },
        { "wrong issuer", "issuer" },
        { "expired", "expired" },
        { "not yet valid", "not_yet_valid" },
        { "unknown kid", "unknown_kid" },
        { "signed by a stranger's key under a known kid", "signature" },
        { "tampered payload", "signature" },
        { "token in the wrong header", "missing" },
        { "no token", "missing" },
        { "not a token", "malformed" },
        { "two bearer headers", "malformed" },
    };

    [Theory]
    [MemberData(nameof(RefusalCases))]
    public async Task Every_bad_token_is_refused_with_its_reason_and_nothing_is_forwarded(string kind, string reason)
    {
        var claims = Claims(("groups", new[] { "team-a" }));
        var good = Token(RsaKey, claims);
        var jwks = TestKey.Jwks(RsaKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/teams/api/v1/query?query=up");
        string? bearer = kind switch
        {
            "alg none" => ForgedTokens.AlgNone(good, RsaKey.Kid),
            "HS256 signed with the public key" => ForgedTokens.Hs256WithPublicKey(good, RsaKey.Kid, jwks),
            "wrong audience" => Token(RsaKey, claims, audience: "someone-else"),
            "wrong issuer" => Token(RsaKey, claims, issuer: "https://evil.test"),
            "expired" => Token(RsaKey, claims, expiresIn: TimeSpan.FromMinutes(-2), notBeforeIn: TimeSpan.FromMinutes(-10)),
            "not yet valid" => Token(RsaKey, claims, notBeforeIn: TimeSpan.FromMinutes(5)),
            "unknown kid" => Token(TestKey.Rsa("rsa-unknown"), claims),
            "signed by a stranger's key under a known kid" => Token(StrangerKey, claims),
            "tampered payload" => ForgedTokens.Tampered(good, ForgedTokens.PayloadOf(good).Replace("team-a", "team-b", StringComparison.Ordinal)),
            "not a token" => "not.a.token",
            _ => null,
        };
        if (bearer is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        if (kind == "token in the wrong header") request.Headers.TryAddWithoutValidation("X-Grafana-Id", good);
        if (kind == "two bearer headers") request.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + good, "Bearer " + good]);
        var before = _upstream.Requests.Count;

        using var response = await _proxy.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"status\":\"error\"");
        _upstream.Requests.Count.Should().Be(before);
        (await Metrics()).Should().Contain($"hesione_token_refusals_total{{reason=\"{reason}\"}} 1");
    }

    [Fact]
    public async Task PS256_tokens_and_tokens_without_a_kid_verify_and_a_token_without_exp_is_refused()
    {
        var pss = TestKey.Rsa("pss-1", Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSsaPssSha256);
        _jwksDocument = TestKey.Jwks(RsaKey, EcKey, pss);
        _clock.Advance(TimeSpan.FromSeconds(31));
        (await Query("teams", Token(pss, Claims(("groups", new[] { "team-a" }))))).Status.Should().Be(HttpStatusCode.OK);

        var withoutKid = EcKey.SignPayload($$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","sub":"x","exp":{{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()}},"namespace":"team-c"}""", withKid: false);
        ForgedTokens.HeaderOf(withoutKid).Should().NotContain("kid");
        (await Query("by-claim", withoutKid)).Status.Should().Be(HttpStatusCode.OK);
        ForwardedQuery().Should().Be("up{namespace=\"team-c\"}");

        var noExp = EcKey.SignPayload($$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","sub":"x","namespace":"team-c"}""");
        (await Query("by-claim", noExp)).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await Metrics()).Should().Contain("hesione_token_refusals_total{reason=\"no_expiration\"} 1");
    }

    [Fact]
    public async Task A_refused_token_gets_the_challenges_of_every_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/by-claim/api/v1/query?query=up");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token(RsaKey, Claims(("namespace", "a")), audience: "x"));
        using var response = await _proxy.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Basic realm=\"hesione\", Bearer realm=\"hesione\"", "every 401 carries the same challenges, so it names no kind of receiver");
    }

    [Fact]
    public async Task A_tokens_scope_also_filters_alerts_and_scopes_series_without_match()
    {
        _upstream.Respond = context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(context.Request.Path.Value!.EndsWith("/alerts", StringComparison.Ordinal)
                ? """{"status":"success","data":{"alerts":[{"labels":{"alertname":"A","namespace":"team-a"},"state":"firing"},{"labels":{"alertname":"B","namespace":"team-b"},"state":"firing"}]}}"""
                : """{"status":"success","data":[]}""");
        };
        var teamB = Token(RsaKey, Claims(("groups", new[] { "team-b" })));

        var alerts = await _proxy.GetJsonAsync("/teams/api/v1/alerts", new AuthenticationHeaderValue("Bearer", teamB));
        alerts.Status.Should().Be(HttpStatusCode.OK);
        alerts.Json.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("namespace").GetString())
            .Should().Equal("team-b");

        (await _proxy.GetJsonAsync("/teams/api/v1/series", new AuthenticationHeaderValue("Bearer", teamB))).Status.Should().Be(HttpStatusCode.OK);
        Uri.UnescapeDataString(_upstream.Requests.Last().Query).Should().Contain("match[]={namespace=\"team-b\"}");
    }

    public static TheoryData<string, string> MalformedTokens() => new()
    {
        { "one segment", "abc" },
        { "empty segments", ".." },
        { "header not JSON", ForgedTokens.B64("{") + "." + ForgedTokens.B64("{}") + ".c2ln" },
        { "header an array", ForgedTokens.B64("[1]") + "." + ForgedTokens.B64("{}") + ".c2ln" },
        { "alg a number", ForgedTokens.B64("{\"alg\":7,\"kid\":\"rsa-1\"}") + "." + ForgedTokens.B64("{}") + ".c2ln" },
        { "kid an object", ForgedTokens.B64("{\"alg\":\"RS256\",\"kid\":{}}") + "." + ForgedTokens.B64("{}") + ".c2ln" },
        { "payload an array", ForgedTokens.B64("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}") + "." + ForgedTokens.B64("[]") + ".c2ln" },
        { "huge exp", ForgedTokens.B64("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}") + "." + ForgedTokens.B64("{\"exp\":1e400}") + ".c2ln" },
        { "signature not base64url", ForgedTokens.B64("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}") + "." + ForgedTokens.B64("{}") + ".!!!" },
        { "JWE shape", "a.b.c.d.e" },
        { "very long", new string('a', 20_000) + "." + new string('b', 20_000) + ".c" },
        { "not base64url", "a*b.c%d.e~f" },
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task Malformed_tokens_are_refused_with_401_never_an_error(string kind, string token)
    {
        var answer = await Query("teams", token);
        answer.Status.Should().Be(HttpStatusCode.Unauthorized, because: $"{kind}: {answer.Body}");
        answer.Body.Should().Contain("\"status\":\"error\"");
    }

    public static TheoryData<string> NoScopeCases() => ["no rule holds", "claim missing", "claim empty", "claim with a control character", "claim is a number", "claim twice"];

    [Theory]
    [MemberData(nameof(NoScopeCases))]
    public async Task A_valid_token_without_a_usable_scope_is_forbidden(string kind)
    {
        var (receiver, claims) = kind switch
        {
            "no rule holds" => ("teams", Claims(("groups", new[] { "team-c" }))),
            "claim missing" => ("by-claim", Claims(("groups", new[] { "team-a" }))),
            "claim empty" => ("by-claim", Claims(("namespace", ""))),
            "claim with a control character" => ("by-claim", Claims(("namespace", "team-a\nx"))),
            "claim is a number" => ("by-claim", Claims(("namespace", 7))),
            _ => ("by-claim", Claims(("namespace", "team-a"))),
        };
        var token = kind == "claim twice"
            // Signed by the issuer, but ambiguous: which of the two values counts would depend on the reader.
            ? EcKey.SignPayload($$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","sub":"x","exp":{{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()}},"namespace":"team-a","namespace":"team-b"}""")
            : Token(EcKey, claims);
        var before = _upstream.Requests.Count;
        var answer = await Query(receiver, token);
        answer.Status.Should().Be(HttpStatusCode.Forbidden, answer.Body);
        _upstream.Requests.Count.Should().Be(before);
        (await Metrics()).Should().Contain("hesione_token_refusals_total{reason=\"no_scope\"} 1");
    }

    [Fact]
    public async Task Keys_rotate_without_a_restart_and_unknown_kids_refresh_at_most_every_30_seconds()
    {
        (await Query("teams", Token(RsaKey, Claims(("groups", new[] { "team-a" }))))).Status.Should().Be(HttpStatusCode.OK);
        var rotated = TestKey.Rsa("rsa-2");
        _jwksDocument = TestKey.Jwks(rotated, EcKey);
        var fetches = _jwksFetches;
        var token = Token(rotated, Claims(("groups", new[] { "team-a" })));

        // The key set was fetched just now: an unknown kid does not fetch it again.
        (await Query("teams", token)).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await Query("teams", token)).Status.Should().Be(HttpStatusCode.Unauthorized);
        _jwksFetches.Should().Be(fetches);

        _clock.Advance(TimeSpan.FromSeconds(31));
        (await Query("teams", token)).Status.Should().Be(HttpStatusCode.OK);
        _jwksFetches.Should().Be(fetches + 1);
        // The retired key is gone.
        (await Query("teams", Token(RsaKey, Claims(("groups", new[] { "team-a" }))))).Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Keys_are_also_refreshed_in_the_background_when_old()
    {
        (await Query("teams", Token(RsaKey, Claims(("groups", new[] { "team-a" }))))).Status.Should().Be(HttpStatusCode.OK);
        var fetches = _jwksFetches;
        _clock.Advance(TimeSpan.FromMinutes(6));
        (await Query("teams", Token(RsaKey, Claims(("groups", new[] { "team-a" }))))).Status.Should().Be(HttpStatusCode.OK);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_jwksFetches == fetches && DateTime.UtcNow < deadline) await Task.Delay(20);
        _jwksFetches.Should().Be(fetches + 1);
    }

    [Fact]
    public async Task When_the_JWKS_endpoint_is_down_cached_keys_keep_working_and_unknown_kids_are_refused()
    {
        (await Query("teams", Token(RsaKey, Claims(("groups", new[] { "team-a" }))))).Status.Should().Be(HttpStatusCode.OK);
        _jwksDown = true;
        _clock.Advance(TimeSpan.FromMinutes(6));
        var fetches = _jwksFetches;
        (await Query("teams", Token(RsaKey, Claims(("groups", new[] { "team-a" }))))).Status.Should().Be(HttpStatusCode.OK);
        (await Query("teams", Token(TestKey.Rsa("rsa-9"), Claims(("groups", new[] { "team-a" }))))).Status.Should().Be(HttpStatusCode.Unauthorized);
        _clock.Advance(TimeSpan.FromSeconds(31));
        (await Query("teams", Token(TestKey.Rsa("rsa-9"), Claims(("groups", new[] { "team-a" }))))).Status.Should().Be(HttpStatusCode.Unauthorized);
        _jwksFetches.Should().BeGreaterThan(fetches);
        (await Query("teams", Token(EcKey, Claims(("groups", new[] { "team-b" }))))).Status.Should().Be(HttpStatusCode.OK);
        ForwardedQuery().Should().Be("up{namespace=\"team-b\"}");
    }

    [Fact]
    public async Task Bcrypt_users_get_their_own_labels_or_the_receivers_scope()
    {
        (await Query("teams", basic: TestProxy.Basic("alice", "alice-secret"))).Status.Should().Be(HttpStatusCode.OK);
        ForwardedQuery().Should().Be("up{namespace=\"alice-ns\"}");
        (await Query("teams", basic: TestProxy.Basic("bob", "bob: secret ü"))).Status.Should().Be(HttpStatusCode.OK);
        ForwardedQuery().Should().Be("up{namespace=\"shared\"}");
        // Remembered: a second request is served from the cache of verified passwords, with the same answer.
        (await Query("teams", basic: TestProxy.Basic("alice", "alice-secret"))).Status.Should().Be(HttpStatusCode.OK);
        ForwardedQuery().Should().Be("up{namespace=\"alice-ns\"}");
    }

    public static TheoryData<string, string> WrongUsers() => new()
    {
        { "alice", "wrong" },
        { "alice", "alice-secret " },
        { "bob", "alice-secret" },
        { "mallory", "alice-secret" },
        { "", "alice-secret" },
    };

    [Theory]
    [MemberData(nameof(WrongUsers))]
    public async Task Wrong_or_unknown_users_are_refused(string user, string password)
    {
        var before = _upstream.Requests.Count;
        (await Query("teams", basic: TestProxy.Basic(user, password))).Status.Should().Be(HttpStatusCode.Unauthorized);
        _upstream.Requests.Count.Should().Be(before);
    }

    [Fact]
    public async Task The_audit_line_names_the_subject_or_the_user_and_never_the_token()
    {
        var token = Token(RsaKey, Claims(("groups", new[] { "team-a" }), ("sub", "carol@example")));
        (await Query("teams", token)).Status.Should().Be(HttpStatusCode.OK);
        (await Query("teams", basic: TestProxy.Basic("alice", "alice-secret"))).Status.Should().Be(HttpStatusCode.OK);
        (await Query("teams", Token(RsaKey, Claims(("groups", new[] { "team-a" })), audience: "x"))).Status.Should().Be(HttpStatusCode.Unauthorized);
        await _proxy.DisposeAsync();
        _proxyDisposed = true;
        var lines = _logs.Lines.ToArray();
        lines.Should().Contain(l => l.Contains("audit receiver=teams user=carol@example ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("audit receiver=teams user=alice ", StringComparison.Ordinal));
        lines.Should().NotContain(l => l.Contains(token.Split('.')[2], StringComparison.Ordinal) || l.Contains(token.Split('.')[1], StringComparison.Ordinal));
    }
}
