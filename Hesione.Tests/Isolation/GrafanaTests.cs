using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FluentAssertions;
using Hesione.Tests.Backends;
using Xunit;

namespace Hesione.Tests.Isolation;

/// <summary>
/// The request shapes Grafana's Prometheus data source sends (POST form by default, the <c>1+1</c> health check,
/// GET label values, POST labels/series, query_exemplars with parameters in the URL and an empty body), and Basic auth.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class GrafanaTests(BackendFixture fixture)
{
    private static readonly string End = TestData.End.ToString(CultureInfo.InvariantCulture);
    private static readonly string Start = (TestData.End - 6 * 3600).ToString(CultureInfo.InvariantCulture);
    private static readonly string RangeStart = (TestData.End - 3600).ToString(CultureInfo.InvariantCulture);

    public static TheoryData<string> Receivers() => new() { "team-a", "multi", "dotns", "vm-team-a", "vm-multi", "vm-dotns" };

    [BackendTheory]
    [MemberData(nameof(Receivers))]
    public async Task Post_form_query_and_query_range_like_grafana(string receiver)
    {
        var (through, oracle, r) = await SetUpAsync(receiver);
        var requests = new (string Path, IReadOnlyList<KeyValuePair<string, string>> Form)[]
        {
            ("api/v1/query", Api.P(("query", "sum by (namespace) (rate(http_requests_total[5m]))"), ("time", End))),
            ("api/v1/query_range", Api.P(("query", "sum by (namespace, pod) (rate(http_requests_total{code=\"200\"}[1m]))"), ("start", RangeStart), ("end", End), ("step", "15"))),
            ("api/v1/query_range", Api.P(("query", "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))".Replace("$__rate_interval", "1m", StringComparison.Ordinal)), ("start", RangeStart), ("end", End), ("step", "60"))),
        };

        foreach (var (path, form) in requests)
        {
            var expected = await Api.PostFormAsync(oracle, path, form);
            expected.Status.Should().Be(HttpStatusCode.OK, because: expected.ToString());
            var actual = await Api.SendAsync(GrafanaPost(through, path, form));
            actual.Normalised.Should().Be(expected.Normalised, because: $"Grafana's POST {path} through /{receiver} must equal the {r.Scope} oracle");
        }
    }

    [BackendTheory]
    [MemberData(nameof(Receivers))]
    public async Task Health_check_query_one_plus_one(string receiver)
    {
        var (through, _, r) = await SetUpAsync(receiver);
        var expected = r.Flavor == BackendFlavor.Prometheus
            ? $"200 success\nresultType=scalar\n[{End},\"2\"]\n"
            : $"200 success\nresultType=vector\n{{}} => {End}:2\n"; // VictoriaMetrics answers scalars as a vector

        var post = await Api.SendAsync(GrafanaPost(through, "api/v1/query", Api.P(("query", "1+1"), ("time", End))));
        var get = await Api.GetAsync(through, "api/v1/query", Api.P(("query", "1+1"), ("time", End)));

        foreach (var answer in new[] { post, get })
        {
            answer.Status.Should().Be(HttpStatusCode.OK, because: answer.ToString());
            answer.Normalised.Should().Be(expected);
        }
    }

    [BackendTheory]
    [MemberData(nameof(Receivers))]
    public async Task Label_values_by_get_and_labels_and_series_by_post_form(string receiver)
    {
        var (through, oracle, r) = await SetUpAsync(receiver);

        var valueRequests = new[]
        {
            ("api/v1/label/namespace/values", Api.P(("start", Start), ("end", End))),
            ("api/v1/label/pod/values", Api.P(("match[]", "up{job=\"api\"}"), ("start", Start), ("end", End))),
            ("api/v1/label/__name__/values", Api.P(("start", Start), ("end", End))),
        };
        foreach (var (path, parameters) in valueRequests)
        {
            var expected = await Api.GetAsync(oracle, path, parameters);
            var actual = await Api.SendAsync(GrafanaGet(through, path, parameters));
            expected.Status.Should().Be(HttpStatusCode.OK, because: expected.ToString());
            actual.Normalised.Should().Be(expected.Normalised, because: $"GET {path} through /{receiver}");
        }

        var formRequests = new[]
        {
            ("api/v1/labels", Api.P(("start", Start), ("end", End))),
            ("api/v1/labels", Api.P(("match[]", "http_requests_total"), ("start", Start), ("end", End))),
            ("api/v1/series", Api.P(("match[]", "kube_pod_info"), ("start", Start), ("end", End))),
            ("api/v1/series", Api.P(("match[]", "{__name__=\"up\",job=\"api\"}"), ("match[]", "node_load1"), ("start", Start), ("end", End))),
        };
        foreach (var (path, form) in formRequests)
        {
            var expected = await Api.PostFormAsync(oracle, path, form);
            var actual = await Api.SendAsync(GrafanaPost(through, path, form));
            expected.Status.Should().Be(HttpStatusCode.OK, because: expected.ToString());
            actual.Normalised.Should().Be(expected.Normalised, because: $"POST {path} through /{receiver} must equal the {r.Scope} oracle");
        }
    }

    [BackendTheory]
    [InlineData("team-a")]
    [InlineData("multi")]
    [InlineData("dotns")]
    public async Task Query_exemplars_with_parameters_in_the_url_and_an_empty_body(string receiver)
    {
        var (through, oracle, _) = await SetUpAsync(receiver);
        var parameters = Api.P(("query", "http_request_duration_seconds_bucket"), ("start", RangeStart), ("end", End));

        var request = new HttpRequestMessage(HttpMethod.Post, Api.Url(through, "api/v1/query_exemplars", parameters))
        {
            Content = new ByteArrayContent([]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        AddGrafanaHeaders(request);
        var actual = await Api.SendAsync(request);
        var expected = await Api.GetAsync(oracle, "api/v1/query_exemplars", parameters);

        actual.Status.Should().Be(HttpStatusCode.OK, because: actual.ToString());
        actual.Normalised.Should().Be(expected.Normalised);

        var invalid = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, Api.Url(through, "api/v1/query_exemplars", Api.P(("query", "sum("), ("start", RangeStart), ("end", End))))
        {
            Content = new ByteArrayContent([]),
        });
        invalid.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
    }

    [BackendFact]
    public async Task Basic_auth_is_required_with_the_right_credentials()
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var through = new Uri(proxy.BaseAddress, IsolationProxy.Basic.Name + "/");
        var oracle = fixture.Oracle(BackendFlavor.Prometheus, TenantScope.TeamA).BaseAddress;
        var parameters = Api.P(("query", "count by (namespace) (up)"), ("time", End));

        var wrong = new (string Name, AuthenticationHeaderValue? Auth)[]
        {
            ("no credentials", null),
            ("wrong password", Api.BasicAuth(IsolationProxy.BasicUser, "wrong")),
            ("password prefix", Api.BasicAuth(IsolationProxy.BasicUser, IsolationProxy.BasicPassword[..^1])),
            ("wrong user", Api.BasicAuth("grafana-b", IsolationProxy.BasicPassword)),
            ("empty", Api.BasicAuth("", "")),
            ("not base64", new AuthenticationHeaderValue("Basic", "!!!")),
            ("bearer", new AuthenticationHeaderValue("Bearer", Convert.ToBase64String(Encoding.UTF8.GetBytes(IsolationProxy.BasicPassword)))),
            ("basic without password", new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(IsolationProxy.BasicUser)))),
        };
        foreach (var (name, auth) in wrong)
        {
            foreach (var post in new[] { false, true })
            {
                var answer = post
                    ? await Api.PostFormAsync(through, "api/v1/query", parameters, auth: auth)
                    : await Api.GetAsync(through, "api/v1/query", parameters, auth);
                answer.Status.Should().Be(HttpStatusCode.Unauthorized, because: $"{name}: {answer}");
                answer.Headers.WwwAuthenticate.Should().NotBeEmpty(because: $"{name}: a 401 tells the client to use Basic auth");
                answer.Headers.WwwAuthenticate.First().Scheme.Should().Be("Basic");
                answer.Body.Should().NotContain("\"metric\"");
            }
        }

        var expected = await Api.GetAsync(oracle, "api/v1/query", parameters);
        var right = Api.BasicAuth(IsolationProxy.BasicUser, IsolationProxy.BasicPassword);
        var ok = await Api.GetAsync(through, "api/v1/query", parameters, right);
        ok.Status.Should().Be(HttpStatusCode.OK, because: ok.ToString());
        ok.Normalised.Should().Be(expected.Normalised);
        var okPost = await Api.PostFormAsync(through, "api/v1/query", parameters, auth: right);
        okPost.Normalised.Should().Be(expected.Normalised);

        // Credentials of one receiver do not open another path, and receivers without auth stay as they are.
        var series = await Api.GetAsync(through, "api/v1/series", Api.P(("match[]", "up")));
        series.Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<(Uri Through, Uri Oracle, ReceiverCase Receiver)> SetUpAsync(string receiver)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var r = IsolationProxy.Receiver(receiver);
        return (new Uri(proxy.BaseAddress, receiver + "/"), fixture.Oracle(r.Flavor, r.Scope).BaseAddress, r);
    }

    private static HttpRequestMessage GrafanaPost(Uri through, string path, IEnumerable<KeyValuePair<string, string>> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(through, path))
        {
            Content = new StringContent(Api.Form(form), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        AddGrafanaHeaders(request);
        return request;
    }

    private static HttpRequestMessage GrafanaGet(Uri through, string path, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Api.Url(through, path, parameters));
        AddGrafanaHeaders(request);
        return request;
    }

    private static void AddGrafanaHeaders(HttpRequestMessage request)
    {
        request.Headers.UserAgent.ParseAdd("Grafana/11.3.0");
        request.Headers.Add("X-Grafana-Org-Id", "1");
        request.Headers.Add("X-Dashboard-Uid", "tenant-overview");
        request.Headers.Add("X-Panel-Id", "4");
        request.Headers.Accept.ParseAdd("application/json, text/plain, */*");
    }
}
