using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>What exactly reaches the upstream, checked on an in-process fake Prometheus.</summary>
public sealed class ForwardingTests : IAsyncLifetime
{
    private KestrelFakeUpstream _upstream = null!;
    private TestProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _upstream = await KestrelFakeUpstream.StartAsync();
        _proxy = await TestProxy.StartAsync($"""
            receivers:
              - name: team-a
                prom: {_upstream.BaseAddress}prefix/path
                label_name: namespace
                label: team-a
                prom_auth: {"{"}user: reader, password: secret{"}"}
                headers: {"{"}X-Scope-OrgID: team-a{"}"}
              - name: vm
                prom: {_upstream.BaseAddress}select/0/prometheus
                labels: {"{"}namespace: [a, b.c]{"}"}
                flavor: victoriametrics
            """);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private HttpClient Client => _proxy.Client;

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] parameters) =>
        new(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));

    [Fact]
    public async Task A_GET_query_is_enforced_canonical_and_stripped_with_upstream_credentials_only()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "team-a/api/v1/query?query=sum(rate(http_requests_total%5B5m%5D))&time=1700000000&extra_label=namespace%3Dteam-b&extra_filters[]=%7B%7D");
        request.Headers.Authorization = TestProxy.Basic("intruder", "guess");
        request.Headers.Add("X-Scope-OrgID", "team-b");
        request.Headers.Add("Cookie", "session=abc");
        request.Headers.Add("Accept-Encoding", "gzip");
        request.Headers.Add("User-Agent", "Grafana/11");
        using var response = await Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"status":"success","data":[]}""");
        var seen = _upstream.Single;
        seen.Method.Should().Be("GET");
        seen.Path.Should().Be("/prefix/path/api/v1/query");
        seen.Query.Should().Be("query=sum%28rate%28http_requests_total%7Bnamespace%3D%22team-a%22%7D%5B5m%5D%29%29&time=1700000000");
        seen.Body.Should().BeEmpty();
        seen.Headers["Authorization"].Should().Be(TestProxy.Basic("reader", "secret").ToString());
        seen.Headers["X-Scope-OrgID"].Should().Be("team-a");
        seen.Headers["Accept-Encoding"].Should().Be("gzip");
        seen.Headers["User-Agent"].Should().Be("Grafana/11");
        seen.Headers.Should().NotContainKey("Cookie");
    }

    [Fact]
    public async Task A_POST_form_is_forwarded_as_a_form_body_with_URL_and_body_parameters_merged()
    {
        using var response = await Client.PostAsync("team-a/api/v1/query_range?start=1&end=2", Form(("query", "up"), ("step", "15"), ("extra_label", "x=y")));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var seen = _upstream.Single;
        seen.Method.Should().Be("POST");
        seen.Path.Should().Be("/prefix/path/api/v1/query_range");
        seen.Query.Should().BeEmpty();
        seen.Headers["Content-Type"].Should().Be("application/x-www-form-urlencoded");
        seen.Body.Should().Be("start=1&end=2&query=up%7Bnamespace%3D%22team-a%22%7D&step=15");
    }

    [Fact]
    public async Task An_empty_POST_without_content_type_is_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "team-a/api/v1/labels?start=1");
        using var response = await Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var seen = _upstream.Single;
        seen.Query.Should().BeEmpty();
        seen.Body.Should().Be("start=1&match%5B%5D=%7Bnamespace%3D%22team-a%22%7D");
    }

    [Theory]
    [InlineData("application/json", "{\"query\":\"up\"}")]
    [InlineData("text/plain", "query=up")]
    [InlineData("multipart/form-data; boundary=x", "--x--")]
    public async Task A_POST_with_another_content_type_is_refused(string contentType, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Client.PostAsync("team-a/api/v1/query", content);

        await ExpectError(response, HttpStatusCode.BadRequest, "bad_data", "a POST body must be application/x-www-form-urlencoded");
    }

    [Fact]
    public async Task A_query_given_in_the_URL_and_in_the_body_is_refused()
    {
        using var response = await Client.PostAsync("team-a/api/v1/query?query=up", Form(("query", "down")));
        await ExpectError(response, HttpStatusCode.BadRequest, "bad_data", "parameter \"query\" given more than once");
    }

    [Fact]
    public async Task An_invalid_query_is_refused_with_the_parse_error()
    {
        using var response = await Client.GetAsync("team-a/api/v1/query?query=rate(up)");
        await ExpectError(response, HttpStatusCode.BadRequest, "bad_data",
            "invalid parameter \"query\": 1:6: parse error: expected type range vector in call to function \"rate\", got instant vector");
    }

    [Fact]
    public async Task Series_label_and_federate_requests_get_their_match_enforced_or_added()
    {
        (await Client.GetAsync("team-a/api/v1/series?match[]=up&match[]=%7Bjob%3D%22x%22%7D")).EnsureSuccessStatusCode();
        (await Client.GetAsync("team-a/api/v1/label/job/values")).EnsureSuccessStatusCode();
        (await Client.PostAsync("team-a/api/v1/label/caf%C3%A9.name/values", Form(("start", "1")))).EnsureSuccessStatusCode();
        (await Client.GetAsync("team-a/federate")).EnsureSuccessStatusCode();

        var seen = _upstream.Requests.ToArray();
        seen.Select(r => (r.Method, r.Path, r.Query)).Should().Equal(
            ("GET", "/prefix/path/api/v1/series", "match%5B%5D=up%7Bnamespace%3D%22team-a%22%7D&match%5B%5D=%7Bjob%3D%22x%22%2Cnamespace%3D%22team-a%22%7D"),
            ("GET", "/prefix/path/api/v1/label/job/values", "match%5B%5D=%7Bnamespace%3D%22team-a%22%7D"),
            ("GET", "/prefix/path/api/v1/label/caf%C3%A9.name/values", "start=1&match%5B%5D=%7Bnamespace%3D%22team-a%22%7D"),
            ("GET", "/prefix/path/federate", "match%5B%5D=%7Bnamespace%3D%22team-a%22%7D"));
    }

    [Fact]
    public async Task VictoriaMetrics_gets_the_proxy_own_extra_filters_and_keeps_its_path_prefix()
    {
        (await Client.GetAsync("vm/api/v1/query?query=up&extra_filters[]=%7B%7D&extra_label=namespace%3Dx")).EnsureSuccessStatusCode();

        var seen = _upstream.Single;
        seen.Path.Should().Be("/select/0/prometheus/api/v1/query");
        seen.Query.Should().Be("query=up%7Bnamespace%3D~%22a%7Cb%5C%5C.c%22%7D&extra_filters%5B%5D=%7Bnamespace%3D~%22a%7Cb%5C%5C.c%22%7D");
        seen.Headers.Should().NotContainKey("Authorization");
    }

    [Fact]
    public async Task Format_query_is_answered_locally()
    {
        using var response = await Client.GetAsync("team-a/api/v1/format_query?query=sum(x)by(job)");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"status":"success","data":"sum by (job) (x{namespace=\"team-a\"})"}""");
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Buildinfo_is_passed_through()
    {
        _upstream.Respond = context => context.Response.WriteAsync("""{"status":"success","data":{"version":"2.42.0"}}""");
        using var response = await Client.GetAsync("team-a/api/v1/status/buildinfo");

        (await response.Content.ReadAsStringAsync()).Should().Contain("2.42.0");
        _upstream.Single.Path.Should().Be("/prefix/path/api/v1/status/buildinfo");
    }

    [Theory]
    [InlineData("team-a/api/v1/admin/tsdb/delete_series?match[]=up", HttpStatusCode.NotFound)]
    [InlineData("team-a/api/v1/status/config", HttpStatusCode.NotFound)]
    [InlineData("team-a/api/v1/status/flags", HttpStatusCode.NotFound)]
    [InlineData("team-a/api/v1/targets", HttpStatusCode.NotFound)]
    [InlineData("team-a/api/v1/write", HttpStatusCode.NotFound)]
    [InlineData("team-a/api/v1/read", HttpStatusCode.NotFound)]
    [InlineData("team-a/api/v1/query/extra?query=up", HttpStatusCode.NotFound)]
    [InlineData("team-a/", HttpStatusCode.NotFound)]
    [InlineData("team-a", HttpStatusCode.Unauthorized)]
    [InlineData("", HttpStatusCode.Unauthorized)]
    [InlineData("team-b/api/v1/query?query=up", HttpStatusCode.Unauthorized)]
    [InlineData("Team-A/api/v1/query?query=up", HttpStatusCode.Unauthorized)]
    [InlineData("team-a/api/v2/silences", HttpStatusCode.NotFound)]
    [InlineData("team-a/api/v2/alerts", HttpStatusCode.NotFound)]
    [InlineData("team-a/../vm/api/v1/query?query=up", HttpStatusCode.Forbidden)]
    [InlineData("team-a/api/v1/%2e%2e/v1/query?query=up", HttpStatusCode.Forbidden)]
    [InlineData("team-a/api%2fv1/query?query=up", HttpStatusCode.Forbidden)]
    [InlineData("team-a/api/v1/label/..%2F..%2Fadmin/values", HttpStatusCode.Forbidden)]
    [InlineData("team-a//api/v1/query?query=up", HttpStatusCode.Forbidden)]
    [InlineData("team-a/./api/v1/query?query=up", HttpStatusCode.Forbidden)]
    public async Task Refuses_everything_outside_the_endpoint_table_without_reaching_the_upstream(string path, HttpStatusCode status)
    {
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(_proxy.BaseAddress.Host, _proxy.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /{path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        var answer = await new StreamReader(stream).ReadToEndAsync();

        answer.Should().StartWith($"HTTP/1.1 {(int)status} ");
        answer.Should().Contain("\"status\":\"error\"");
        _upstream.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("PUT", "team-a/api/v1/query?query=up")]
    [InlineData("DELETE", "team-a/api/v1/series?match[]=up")]
    [InlineData("POST", "team-a/federate")]
    [InlineData("POST", "team-a/api/v1/status/buildinfo")]
    [InlineData("HEAD", "team-a/api/v1/query?query=up")]
    public async Task Refuses_other_methods(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Upstream_errors_are_passed_through_with_status_and_body()
    {
        _upstream.Respond = async context =>
        {
            context.Response.StatusCode = 422;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"status":"error","errorType":"execution","error":"too many samples"}""");
        };
        using var response = await Client.GetAsync("team-a/api/v1/query?query=up");

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"status":"error","errorType":"execution","error":"too many samples"}""");
    }

    [Fact]
    public async Task Gzip_is_passed_through_untouched_and_hop_by_hop_headers_are_dropped()
    {
        var compressed = Gzip("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        _upstream.Respond = async context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.Headers["Keep-Alive"] = "timeout=5";
            context.Response.Headers["X-Upstream"] = "kept";
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(compressed);
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, "team-a/api/v1/query?query=up");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await Client.SendAsync(request);

        response.Content.Headers.ContentEncoding.Should().Equal("gzip");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(compressed);
        response.Headers.GetValues("X-Upstream").Should().Equal("kept");
        response.Headers.Contains("Keep-Alive").Should().BeFalse();
        _upstream.Single.Headers["Accept-Encoding"].Should().Be("gzip");
    }

    [Fact]
    public async Task A_body_over_max_body_bytes_is_refused()
    {
        await using var proxy = await TestProxy.StartAsync(TestProxy.Config(_upstream.BaseAddress, top: "max_body_bytes: 100"));
        using var response = await proxy.Client.PostAsync("team-a/api/v1/query", Form(("query", "up"), ("pad", new string('x', 200))));

        await ExpectError(response, HttpStatusCode.RequestEntityTooLarge, "bad_data", "request body larger than 100 bytes");
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Health_reports_each_backend()
    {
        _upstream.Respond = context =>
        {
            context.Response.StatusCode = context.Request.Path == "/prefix/path/-/healthy" ? 200 : 500;
            return Task.CompletedTask;
        };
        using var response = await Client.GetAsync("health");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"status":"down","receivers":[{"name":"team-a","backend":"up","status":200},{"name":"vm","backend":"down","status":500}]}""");
        _upstream.Requests.Select(r => r.Path).Should().BeEquivalentTo("/prefix/path/-/healthy", "/health");
        _upstream.Requests.Should().OnlyContain(r => r.Path != "/prefix/path/-/healthy" || r.Headers["Authorization"] == TestProxy.Basic("reader", "secret").ToString());
    }

    internal static async Task ExpectError(HttpResponseMessage response, HttpStatusCode status, string type, string message)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var body = await response.Content.ReadAsStringAsync();
        using var json = System.Text.Json.JsonDocument.Parse(body);
        json.RootElement.GetProperty("status").GetString().Should().Be("error");
        json.RootElement.GetProperty("errorType").GetString().Should().Be(type);
        json.RootElement.GetProperty("error").GetString().Should().Be(message);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }
}
