using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FluentAssertions;
using Hesione.Tests.Backends;
using Xunit;
using Xunit.Abstractions;

namespace Hesione.Tests.Isolation;

/// <summary>
/// Attempts to get data outside the receiver's scope: parameter pollution, smuggled VictoriaMetrics parameters, path
/// tricks, admin and status APIs, unknown receivers, widening matchers, other body encodings and invalid queries.
/// None may leak: each is refused (4xx) or answered exactly as the scope's oracle answers.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class BypassTests(BackendFixture fixture, ITestOutputHelper output)
{
    private static readonly string End = TestData.End.ToString(CultureInfo.InvariantCulture);
    private static readonly string Earlier = (TestData.End - 3600).ToString(CultureInfo.InvariantCulture);

    /// <summary>A query whose answer names every namespace it can see.</summary>
    private const string Probe = "count by (namespace) ({__name__=~\".+\"})";

    private const string TeamBProbe = "count by (namespace) ({__name__=~\".+\",namespace=\"team-b\"})";

    private static readonly IReadOnlySet<string> ForwardablePaths = new HashSet<string>(StringComparer.Ordinal)
    {
        "/api/v1/query", "/api/v1/query_range", "/api/v1/query_exemplars", "/api/v1/series", "/api/v1/labels",
        "/api/v1/label/namespace/values", "/api/v1/label/__name__/values", "/api/v1/label/pod/values",
        "/api/v1/status/buildinfo", "/federate",
    };

    public static TheoryData<string> RealReceivers => new() { "team-a", "vm-team-a" };

    public static TheoryData<string> AllScopedReceivers()
    {
        var data = new TheoryData<string>();
        foreach (var r in IsolationProxy.Receivers)
        {
            data.Add(r.Name);
        }

        return data;
    }

    // ---------------------------------------------------------------- parameter pollution

    [BackendTheory]
    [MemberData(nameof(RealReceivers))]
    public async Task Query_in_url_and_another_in_body_is_refused(string receiver)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var through = Through(proxy, receiver);

        var answer = await Api.PostFormAsync(through, "api/v1/query", Api.P(("query", TeamBProbe), ("time", End)), urlParameters: Api.P(("query", "vector(1)")));

        answer.ShouldBeApiError(HttpStatusCode.BadRequest, because: $"a query in the URL and another in the body is a repeated query: {answer}");
    }

    [BackendTheory]
    [MemberData(nameof(RealReceivers))]
    public async Task Duplicated_query_or_time_is_refused(string receiver)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var through = Through(proxy, receiver);

        var attempts = new (string Path, IReadOnlyList<KeyValuePair<string, string>> Parameters)[]
        {
            ("api/v1/query", Api.P(("query", "up"), ("query", TeamBProbe), ("time", End))),
            ("api/v1/query", Api.P(("query", TeamBProbe), ("query", "up"), ("time", End))),
            ("api/v1/query", Api.P(("query", Probe), ("time", End), ("time", Earlier))),
            ("api/v1/query_range", Api.P(("query", Probe), ("start", Earlier), ("start", End), ("end", End), ("step", "60"))),
            ("api/v1/query_range", Api.P(("query", Probe), ("start", Earlier), ("end", End), ("step", "60"), ("step", "30"))),
            ("api/v1/query_range", Api.P(("query", Probe), ("start", Earlier), ("end", End), ("end", Earlier), ("step", "60"))),
        };
        foreach (var (path, parameters) in attempts)
        {
            foreach (var post in new[] { false, true })
            {
                var answer = await Api.RequestAsync(post, through, path, parameters);
                answer.ShouldBeApiError(HttpStatusCode.BadRequest, because: $"{(post ? "POST" : "GET")} {path}?{Api.Form(parameters)} repeats a parameter: {answer}");
            }
        }

        // The same time in the URL and in the body is also a repeat.
        var split = await Api.PostFormAsync(through, "api/v1/query", Api.P(("query", Probe), ("time", End)), urlParameters: Api.P(("time", Earlier)));
        split.ShouldBeApiError(HttpStatusCode.BadRequest);
    }

    [BackendFact]
    public async Task Repeated_parameters_never_reach_the_backend()
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var upstream = proxy.RecordingPrometheusUpstream;
        var before = upstream.Requests.Count;

        await Api.GetAsync(Through(proxy, "rec-prom"), "api/v1/query", Api.P(("query", "up"), ("query", TeamBProbe), ("time", End)));
        await Api.PostFormAsync(Through(proxy, "rec-prom"), "api/v1/query", Api.P(("query", TeamBProbe)), urlParameters: Api.P(("query", "up")));

        upstream.Requests.Count.Should().Be(before, because: "refused requests are never forwarded");
    }

    // ---------------------------------------------------------------- VictoriaMetrics parameters

    [BackendTheory]
    [MemberData(nameof(RealReceivers))]
    public async Task Smuggled_extra_label_and_extra_filters_have_no_effect(string receiver)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var r = IsolationProxy.Receiver(receiver);
        var through = Through(proxy, receiver);
        var smuggled = new (string Name, string Value)[][]
        {
            [("extra_label", "namespace=team-b")],
            [("extra_filters[]", "{namespace=\"team-b\"}")],
            [("extra_filters[]", "{namespace=~\".+\"}"), ("extra_filters[]", "{__name__=~\".+\"}")],
            [("extra_filters", "{namespace=\"team-b\"}")],
            [("extra_label", "namespace=team-b"), ("extra_filters[]", "{namespace=\"team-b\"}")],
        };

        foreach (var extra in smuggled)
        {
            foreach (var post in new[] { false, true })
            {
                var clean = Api.P(("query", Probe), ("time", End));
                var answer = await Api.RequestAsync(post, through, "api/v1/query", clean.Concat(Api.P(extra)));
                await answer.ShouldBeRefusedOrScopedAsync(fixture, r, "api/v1/query", $"query with {Api.Form(Api.P(extra))}", clean);
                answer.Status.Should().Be(HttpStatusCode.OK, because: "the proxy removes these parameters and answers the query");

                var series = Api.P(("match[]", "up"), ("start", Earlier), ("end", End));
                var seriesAnswer = await Api.RequestAsync(post, through, "api/v1/series", series.Concat(Api.P(extra)));
                await seriesAnswer.ShouldBeRefusedOrScopedAsync(fixture, r, "api/v1/series", $"series with {Api.Form(Api.P(extra))}", series);

                var values = Api.P(("start", Earlier), ("end", End));
                var valuesAnswer = await Api.GetAsync(through, "api/v1/label/namespace/values", values.Concat(Api.P(extra)));
                await valuesAnswer.ShouldBeRefusedOrScopedAsync(fixture, r, "api/v1/label/namespace/values", $"label values with {Api.Form(Api.P(extra))}", values);
            }
        }
    }

    [BackendTheory]
    [InlineData("rec-prom")]
    [InlineData("rec-vm")]
    public async Task Forwarded_request_carries_enforced_parameters_exactly_once(string receiver)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var upstream = receiver == "rec-prom" ? proxy.RecordingPrometheusUpstream : proxy.RecordingVictoriaMetricsUpstream;
        var through = Through(proxy, receiver);
        var extra = Api.P(("extra_label", "namespace=team-b"), ("extra_filters[]", "{namespace=\"team-b\"}"), ("extra_filters", "{namespace=\"team-b\"}"));

        foreach (var post in new[] { false, true })
        {
            var before = upstream.Requests.Count;
            var answer = await Api.RequestAsync(post, through, "api/v1/query", Api.P(("query", "sum by (namespace) (up)"), ("time", End)).Concat(extra));
            answer.Status.Should().Be(HttpStatusCode.OK, because: answer.ToString());
            var forwarded = upstream.Requests.Skip(before).Should().ContainSingle().Subject;

            forwarded.Path.Should().Be("/api/v1/query");
            var queries = forwarded.Values("query");
            queries.Should().ContainSingle(because: "the enforced query is forwarded in exactly one place");
            queries[0].Should().Contain("namespace=\"team-a\"").And.NotContain("team-b");
            forwarded.Values("time").Should().Equal([End]);
            forwarded.Values("extra_label").Should().BeEmpty(because: "client extra_label is removed");
            forwarded.Values("extra_filters").Should().BeEmpty(because: "client extra_filters is removed");
            if (receiver == "rec-vm")
            {
                var filters = forwarded.Values("extra_filters[]");
                filters.Should().NotBeEmpty(because: "for VictoriaMetrics the proxy adds its own extra_filters[] as a second lock");
                filters.Should().OnlyContain(f => f.Contains("team-a", StringComparison.Ordinal) && !f.Contains("team-b", StringComparison.Ordinal));
            }
            else
            {
                forwarded.Values("extra_filters[]").Should().BeEmpty(because: "client extra_filters[] is removed");
            }

            if (post)
            {
                forwarded.QueryString.Should().BeEmpty(because: "a POST is forwarded with a form body and no URL parameters");
            }
            else
            {
                forwarded.Body.Should().BeEmpty();
            }

            forwarded.Header("Authorization").Should().BeNull();
        }
    }

    [BackendTheory]
    [MemberData(nameof(RealReceivers))]
    public async Task Percent_encoded_parameter_names_do_not_smuggle_parameters(string receiver)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var r = IsolationProxy.Receiver(receiver);
        var teamB = Uri.EscapeDataString(TeamBProbe);
        var probe = Uri.EscapeDataString(Probe);
        var attempts = new[]
        {
            // Backends decode parameter names, so %71uery is "query" and extra%5Flabel is "extra_label".
            $"%71uery={teamB}&query=vector(1)&time={End}",
            $"query=vector(1)&%71uery={teamB}&time={End}",
            $"q%75ery={teamB}&time={End}",
            $"query={probe}&time={End}&extra%5Flabel=namespace%3Dteam-b",
            $"query={probe}&time={End}&extra%5Ffilters%5B%5D=%7Bnamespace%3D%22team-b%22%7D",
            $"query={probe}&time={End}&extra_filters%5b%5d=%7Bnamespace%3D%22team-b%22%7D",
        };
        var equivalents = new[]
        {
            Api.P(("query", TeamBProbe), ("time", End)),
            Api.P(("query", "vector(1)"), ("time", End)),
            Api.P(("query", Probe), ("time", End)),
        };

        foreach (var form in attempts)
        {
            var get = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Get, Api.Raw(proxy.BaseAddress, $"/{receiver}/api/v1/query?{form}")));
            output.WriteLine($"GET {form} -> {PromJson.Truncate(get.ToString(), 200)}");
            await get.ShouldBeRefusedOrScopedAsync(fixture, r, "api/v1/query", $"GET ?{form}", equivalents);

            var post = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(proxy.BaseAddress, $"{receiver}/api/v1/query"))
            {
                Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"),
            });
            output.WriteLine($"POST {form} -> {PromJson.Truncate(post.ToString(), 200)}");
            await post.ShouldBeRefusedOrScopedAsync(fixture, r, "api/v1/query", $"POST {form}", equivalents);
        }
    }

    // ---------------------------------------------------------------- paths

    public static TheoryData<string, string> PathTricks()
    {
        var q = "?query=" + Uri.EscapeDataString(Probe) + "&time=" + End;
        var data = new TheoryData<string, string>();
        foreach (var receiver in new[] { "team-a", "vm-team-a" })
        {
            foreach (var path in new[]
            {
                $"/{receiver}/../multi/api/v1/query{q}",
                $"/{receiver}/../team-b/api/v1/query{q}",
                $"/{receiver}/..%2fteam-b/api/v1/query{q}",
                $"/{receiver}/%2e%2e/team-b/api/v1/query{q}",
                $"/{receiver}/%2E%2E/%2E%2E/api/v1/query{q}",
                $"/{receiver}/api/v1/../../../api/v1/query{q}",
                $"//{receiver}/api/v1/query{q}",
                $"/{receiver}//api/v1/query{q}",
                $"/{receiver}/api/v1//query{q}",
                $"/{receiver}/./api/v1/query{q}",
                $"/{receiver}/api/v1/query/{q}",
                $"/{receiver}%2fapi%2fv1%2fquery{q}",
                $"/{receiver}/api/v1/query%3Fquery={Uri.EscapeDataString(TeamBProbe)}",
                $"/{receiver}/api/v1/query;x=y{q}",
                $"/{receiver}/api/v1/query{q};query={Uri.EscapeDataString(TeamBProbe)}",
                $"/{receiver}/api/v1/QUERY{q}",
                $"/{receiver.ToUpperInvariant()}/api/v1/query{q}",
                $"/{receiver}/api/v1/query%00{q}",
                $"/{receiver}/api/v1/query%2f..%2fquery{q}",
                $"/{receiver}/api/v1/%2e%2e/admin/tsdb/delete_series?match[]=up",
                $"/{receiver}/api/v1/query/../admin/tsdb/snapshot",
            })
            {
                data.Add(receiver, path);
            }
        }

        return data;
    }

    [BackendTheory]
    [MemberData(nameof(PathTricks))]
    public async Task Path_tricks_do_not_leave_the_scope(string receiver, string rawPath)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var r = IsolationProxy.Receiver(receiver);

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            var answer = await Api.SendAsync(new HttpRequestMessage(method, Api.Raw(proxy.BaseAddress, rawPath)));
            output.WriteLine($"{method} {rawPath} -> {PromJson.Truncate(answer.ToString(), 200)}");
            await answer.ShouldBeRefusedOrScopedAsync(
                fixture,
                r,
                "api/v1/query",
                $"{method} {rawPath}",
                Api.P(("query", Probe), ("time", End)));
        }
    }

    [BackendFact]
    public async Task Path_tricks_never_reach_a_non_api_path_of_the_backend()
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var upstream = proxy.RecordingPrometheusUpstream;
        var before = upstream.Requests.Count;

        foreach (var (_, path) in PathTricks().Select(row => ((string)row[0], (string)row[1])).Where(row => row.Item1 == "team-a"))
        {
            var raw = path.Replace("/team-a", "/rec-prom", StringComparison.Ordinal);
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete })
            {
                await Api.SendAsync(new HttpRequestMessage(method, Api.Raw(proxy.BaseAddress, raw)));
            }
        }

        foreach (var forwarded in upstream.Requests.Skip(before))
        {
            ForwardablePaths.Should().Contain(forwarded.Path, because: $"{forwarded.Method} {forwarded.Target} reached the backend");
            forwarded.Method.Should().BeOneOf("GET", "POST");
        }
    }

    // ---------------------------------------------------------------- admin, status, unknown

    public static TheoryData<string, string> RefusedEndpoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var receiver in new[] { "team-a", "vm-team-a", "rec-prom", "rec-vm" })
        {
            foreach (var (method, path) in new[]
            {
                ("POST", "api/v1/admin/tsdb/snapshot"),
                ("PUT", "api/v1/admin/tsdb/snapshot"),
                ("POST", "api/v1/admin/tsdb/delete_series?match[]=up"),
                ("POST", "api/v1/admin/tsdb/clean_tombstones"),
                ("GET", "api/v1/status/config"),
                ("GET", "api/v1/status/flags"),
                ("GET", "api/v1/status/runtimeinfo"),
                ("GET", "api/v1/status/tsdb"),
                ("GET", "api/v1/status/walreplay"),
                ("GET", "api/v1/targets"),
                ("GET", "api/v1/targets/metadata"),
                ("GET", "api/v1/alertmanagers"),
                ("POST", "api/v1/read"),
                ("POST", "api/v1/write"),
                ("POST", "-/reload"),
                ("PUT", "-/quit"),
                ("GET", "graph"),
                ("GET", "api/v1/export?match[]={__name__=~\".%2B\"}"),
                ("GET", "api/v1/export/native?match[]=up"),
                ("POST", "api/v1/import/prometheus"),
                ("GET", "internal/force_flush"),
                ("GET", "api/v1/series/count"),
                ("GET", "prometheus/api/v1/query?query=up&time=" + End),
                ("GET", "vmui/"),
                ("GET", "metrics"),
                ("GET", "api/v1/unknown"),
            })
            {
                data.Add(receiver, $"{method} {path}");
            }
        }

        return data;
    }

    [BackendTheory]
    [MemberData(nameof(RefusedEndpoints))]
    public async Task Admin_status_and_unknown_endpoints_are_refused(string receiver, string request)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var upstreamBefore = (proxy.RecordingPrometheusUpstream.Requests.Count, proxy.RecordingVictoriaMetricsUpstream.Requests.Count);
        var (method, path) = (request.Split(' ', 2)[0], request.Split(' ', 2)[1]);

        var message = new HttpRequestMessage(new HttpMethod(method), Api.Raw(proxy.BaseAddress, $"/{receiver}/{path}"));
        if (method is "POST" or "PUT")
        {
            message.Content = new StringContent("up{namespace=\"team-b\"} 1\n", Encoding.UTF8, "text/plain");
        }

        var answer = await Api.SendAsync(message);

        ((int)answer.Status).Should().BeOneOf([403, 404], because: $"{request} under /{receiver} is not a tenant endpoint: {answer}");
        (proxy.RecordingPrometheusUpstream.Requests.Count, proxy.RecordingVictoriaMetricsUpstream.Requests.Count)
            .Should().Be(upstreamBefore, because: "a refused endpoint is never forwarded");
    }

    [BackendTheory]
    [InlineData("/api/v1/query?query=up&time=1735689600")]
    [InlineData("/api/v1/status/config")]
    [InlineData("/api/v1/series?match[]=up")]
    [InlineData("/federate?match[]=up")]
    [InlineData("/team-z/api/v1/query?query=up&time=1735689600")]
    [InlineData("/team-b/api/v1/query?query=up&time=1735689600")]
    [InlineData("/team-a-staging/api/v1/query?query=up&time=1735689600")]
    [InlineData("/team-a%20/api/v1/query?query=up&time=1735689600")]
    [InlineData("/%74eam-b/api/v1/query?query=up&time=1735689600")]
    [InlineData("/health/api/v1/query?query=up&time=1735689600")]
    [InlineData("/metrics/api/v1/query?query=up&time=1735689600")]
    [InlineData("/./api/v1/query?query=up&time=1735689600")]
    public async Task Requests_without_a_known_receiver_are_refused(string rawPath)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);

        var answer = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Get, Api.Raw(proxy.BaseAddress, rawPath)));

        ((int)answer.Status).Should().BeOneOf([401, 403], because: $"{rawPath}: no such receiver: {answer}");
        answer.Body.Should().NotContain("team-b").And.NotContain("\"metric\"");
    }

    [BackendTheory]
    [MemberData(nameof(AllScopedReceivers))]
    public async Task Missing_match_is_replaced_by_the_scope(string receiver)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var r = IsolationProxy.Receiver(receiver);
        var through = Through(proxy, receiver);
        var range = Api.P(("start", Earlier), ("end", End));

        foreach (var post in new[] { false, true })
        {
            var series = await Api.RequestAsync(post, through, "api/v1/series", range);
            series.Status.Should().Be(HttpStatusCode.OK, because: series.ToString());
            var sets = PromJson.LabelSets(series.Body);
            sets.Should().NotBeEmpty();
            sets.Select(s => s.GetValueOrDefault("namespace")).Distinct().Should().BeEquivalentTo(r.Scope.Namespaces, because: series.ToString());

            var labels = await Api.RequestAsync(post, through, "api/v1/labels", range);
            PromJson.Strings(labels.Body).Should().NotContain("instance", because: $"only foreign series carry 'instance': {labels}");
        }

        var values = await Api.GetAsync(through, "api/v1/label/namespace/values", range);
        PromJson.Strings(values.Body).Should().BeEquivalentTo(r.Scope.Namespaces, because: values.ToString());
        var names = await Api.GetAsync(through, "api/v1/label/__name__/values", range);
        PromJson.Strings(names.Body).Should().NotContain(["node_load1", "machine_cpu_cores"], because: names.ToString());
    }

    // ---------------------------------------------------------------- matchers

    public static TheoryData<string, string> WideningQueries()
    {
        var data = new TheoryData<string, string>();
        var queries = new[]
        {
            "{namespace=~\".*\"}",
            "{namespace!=\"team-a\"}",
            "{namespace!~\"team-a\"}",
            "{namespace=~\".+\"}",
            "{__name__=~\".+\",namespace=\"team-b\"}",
            "{__name__=~\".+\",namespace=~\".+\"}",
            "{__name__!=\"\"}",
            "{__name__=~\".+\",namespace=~\"team-a|team-b\"}",
            "{__name__=~\".+\",namespace=~\"team-a|.*\"}",
            "{__name__=~\".+\",namespace=~\"(?i)TEAM-B\"}",
            "{__name__=~\".+\",namespace=~\"team-[ab]\"}",
            "{__name__=~\".+\",namespace=~\"team-a\",namespace=~\"team-b|team-a\"}",
            "{__name__=~\".+\",namespace=\"team-a\"} or {__name__=~\".+\",namespace=\"team-b\"}",
            "label_replace({__name__=~\".+\",namespace=\"team-b\"}, \"namespace\", \"team-a\", \"\", \"\")",
            "{__name__=~\".+\",namespace=~\"dot.ns\"}",
            "{__name__=~\".+\",namespace=~\"dot\\\\.ns|dotXns\"}",
            "up{namespace=~\"team-a.+\"}",
            "up{namespace=\"team-b\"} or up{namespace=\"team-a\"} unless up{namespace=\"team-a\"}",
            "sum by (namespace) ({__name__=~\".+\"} offset -1h)",
        };
        foreach (var receiver in new[] { "team-a", "multi", "dotns", "vm-team-a", "vm-multi", "vm-dotns" })
        {
            foreach (var q in queries)
            {
                data.Add(receiver, q);
            }
        }

        return data;
    }

    [BackendTheory]
    [MemberData(nameof(WideningQueries))]
    public async Task Matchers_cannot_widen_the_scope(string receiver, string query)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var r = IsolationProxy.Receiver(receiver);
        var through = Through(proxy, receiver);
        var parameters = Api.P(("query", query), ("time", End));

        var answer = await Api.GetAsync(through, "api/v1/query", parameters);

        await answer.ShouldBeRefusedOrScopedAsync(fixture, r, "api/v1/query", $"query {query}", parameters);

        var series = Api.P(("match[]", query.StartsWith('{') && !query.Contains(" or ", StringComparison.Ordinal) ? query : "{__name__=~\".+\"}"), ("start", Earlier), ("end", End));
        var seriesAnswer = await Api.GetAsync(through, "api/v1/series", series);
        await seriesAnswer.ShouldBeRefusedOrScopedAsync(fixture, r, "api/v1/series", $"series match[]={series[0].Value}", series);
    }

    [BackendFact]
    public async Task Empty_matching_selector_is_refused_like_prometheus_does()
    {
        var proxy = await IsolationProxy.GetAsync(fixture);

        var answer = await Api.GetAsync(Through(proxy, "team-a"), "api/v1/query", Api.P(("query", "{namespace=~\".*\"}"), ("time", End)));
        answer.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data", because: $"team-a: the original query is checked first (it has no non-empty matcher): {answer}");

        // MetricsQL (the default dialect of flavor victoriametrics) accepts it; the scope is added, so only team-a comes back.
        var metricsQL = await Api.GetAsync(Through(proxy, "vm-team-a"), "api/v1/query", Api.P(("query", "{namespace=~\".*\"}"), ("time", End)));
        metricsQL.Status.Should().Be(HttpStatusCode.OK, because: metricsQL.ToString());
        LeakAssertions.ShouldStayInScope(metricsQL, TenantScope.TeamA, "vm-team-a {namespace=~\".*\"}");
    }

    // ---------------------------------------------------------------- body encodings

    [BackendTheory]
    [MemberData(nameof(RealReceivers))]
    public async Task Other_body_encodings_do_not_smuggle_a_query(string receiver)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var r = IsolationProxy.Receiver(receiver);
        var url = Api.Url(Through(proxy, receiver), "api/v1/query", Api.P(("query", "vector(1)"), ("time", End)));
        var clean = Api.P(("query", "vector(1)"), ("time", End));
        var smuggledForm = $"query={Uri.EscapeDataString(TeamBProbe)}&time={End}";

        var multipart = new MultipartFormDataContent("hesione-boundary")
        {
            { new StringContent(TeamBProbe), "query" },
            { new StringContent(End), "time" },
        };
        var upper = new StringContent(smuggledForm, Encoding.ASCII);
        upper.Headers.ContentType = MediaTypeHeaderValue.Parse("APPLICATION/X-WWW-FORM-URLENCODED");
        var charset = new StringContent(smuggledForm, Encoding.UTF8);
        charset.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        var json = new StringContent($"{{\"query\":\"{TeamBProbe.Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}", Encoding.UTF8, "application/json");
        var plain = new StringContent(smuggledForm, Encoding.UTF8, "text/plain");
        var none = new ByteArrayContent(Encoding.ASCII.GetBytes(smuggledForm));

        foreach (var (name, content) in new (string, HttpContent)[] { ("multipart", multipart), ("upper-case form", upper), ("form; charset", charset), ("json", json), ("text/plain", plain), ("no content type", none) })
        {
            var answer = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = content });
            output.WriteLine($"POST {name} -> {PromJson.Truncate(answer.ToString(), 200)}");
            await answer.ShouldBeRefusedOrScopedAsync(
                fixture,
                r,
                "api/v1/query",
                $"POST {name} body with a query",
                clean,
                Api.P(("query", TeamBProbe), ("time", End)));
        }

        // A body on GET is ignored by Prometheus; it must not be honoured by the proxy either.
        var get = new HttpRequestMessage(HttpMethod.Get, Api.Url(Through(proxy, receiver), "api/v1/query", Api.P(("time", End))))
        {
            Content = new StringContent($"query={Uri.EscapeDataString(TeamBProbe)}", Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        var getAnswer = await Api.SendAsync(get);
        await getAnswer.ShouldBeRefusedOrScopedAsync(fixture, r, "api/v1/query", "GET with a form body", Api.P(("query", TeamBProbe), ("time", End)));
    }

    [BackendTheory]
    [MemberData(nameof(RealReceivers))]
    public async Task Other_methods_on_query_endpoints_do_not_leak(string receiver)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var r = IsolationProxy.Receiver(receiver);
        var parameters = Api.P(("query", Probe), ("time", End));

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Options, new HttpMethod("PROPFIND") })
        {
            var request = new HttpRequestMessage(method, Api.Url(Through(proxy, receiver), "api/v1/query", parameters))
            {
                Content = new StringContent(Api.Form(Api.P(("query", TeamBProbe))), Encoding.ASCII, "application/x-www-form-urlencoded"),
            };
            var answer = await Api.SendAsync(request);
            output.WriteLine($"{method} -> {PromJson.Truncate(answer.ToString(), 200)}");
            await answer.ShouldBeRefusedOrScopedAsync(fixture, r, "api/v1/query", $"{method} api/v1/query", parameters);
        }
    }

    // ---------------------------------------------------------------- invalid queries

    public static TheoryData<string> InvalidQueries => new()
    {
        "sum(",
        "up{",
        "1 +",
        "rate(up)",
        "sum by (namespace (up)",
        "up{namespace=~\"(?=team)\"}",
        "up{namespace=~\"(team\"}",
        "{namespace=~\".*\"}",
        "{}",
        "up @ tomorrow",
        "up offset 1x",
        "histogram_quantile(up)",
        "up{namespace=\"team-a\"}} or {namespace=\"team-b\"}",
        "up # " + "\n" + ")",
        "",
    };

    [BackendTheory]
    [MemberData(nameof(InvalidQueries))]
    public async Task Invalid_query_is_refused_and_never_forwarded(string query)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var before = (proxy.RecordingPrometheusUpstream.Requests.Count, proxy.RecordingVictoriaMetricsUpstream.Requests.Count);

        // vm-team-a and rec-vm read queries as MetricsQL (flavor victoriametrics), which accepts some of these
        // (rate(up), {}, up @ tomorrow...): there they are enforced and forwarded (see the MetricsQL oracle tests).
        var metricsQLValid = Hesione.PromQL.MetricsQL.MetricsQLParser.Parse(query).Success;
        foreach (var receiver in new[] { "team-a", "vm-team-a", "rec-prom", "rec-vm" })
        {
            var queryRefused = !(metricsQLValid && receiver is "vm-team-a" or "rec-vm");
            foreach (var post in queryRefused ? new[] { false, true } : [])
            {
                var instant = await Api.RequestAsync(post, Through(proxy, receiver), "api/v1/query", Api.P(("query", query), ("time", End)));
                instant.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data", because: $"{receiver}: {(post ? "POST" : "GET")} query {query}: {instant}");

                var range = await Api.RequestAsync(post, Through(proxy, receiver), "api/v1/query_range", Api.P(("query", query), ("start", Earlier), ("end", End), ("step", "60")));
                range.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data", because: $"{receiver}: range query {query}: {range}");
            }

            var series = await Api.GetAsync(Through(proxy, receiver), "api/v1/series", Api.P(("match[]", query)));
            series.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data", because: $"{receiver}: series match[]={query}: {series}");
        }

        proxy.RecordingPrometheusUpstream.Requests.Count.Should().Be(before.Item1, because: "an invalid query is never forwarded");
        if (!metricsQLValid) proxy.RecordingVictoriaMetricsUpstream.Requests.Count.Should().Be(before.Item2, because: "an invalid query is never forwarded");
    }

    [BackendFact]
    public async Task Missing_query_is_refused()
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        foreach (var receiver in new[] { "team-a", "rec-prom" })
        {
            var answer = await Api.GetAsync(Through(proxy, receiver), "api/v1/query", Api.P(("time", End)));
            answer.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
        }
    }

    private static Uri Through(IsolationProxy proxy, string receiver) => new(proxy.BaseAddress, receiver + "/");
}
