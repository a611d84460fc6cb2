using FluentAssertions;
using Hesione.Server.Upstream;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>Canonical form encoding: every character but the unreserved ones percent-encoded as UTF-8, in one string.</summary>
public class FormEncodingTests
{
    private static List<KeyValuePair<string, string>> Parameters(params (string Name, string Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList();

    private static string Expected(List<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    [Theory]
    [InlineData("up", "up")]
    [InlineData("sum by (pod) (rate(x{a=\"b\", c=~\"d|e\"}[5m]))", "a-b_c.d~e")]
    [InlineData("€€€ 名前", "😀😀 \ud800 lone \udc00 surrogates")]
    [InlineData("", "")]
    public void Encodes_as_escaped_data_strings(string query, string other)
    {
        var parameters = Parameters(("query", query), ("match[]", other), ("time", "1700000000.5"));

        FormEncoding.Encode(parameters).Should().Be(Expected(parameters));
    }

    [Fact]
    public void Characters_that_grow_most_fit_the_buffer()
    {
        var parameters = Parameters(("q", new string('€', 5000)), ("€", new string('\ud800', 3000)), ("e", string.Concat(Enumerable.Repeat("😀", 2000))));

        FormEncoding.Encode(parameters).Should().Be(Expected(parameters));
    }

    [Fact]
    public void A_url_has_the_query_after_a_question_mark_only_when_there_are_parameters()
    {
        FormEncoding.Url("http://prom:9090/prefix", "/api/v1/query", Parameters(("query", "up{a=\"b\"}")))
            .Should().Be("http://prom:9090/prefix/api/v1/query?query=up%7Ba%3D%22b%22%7D");
        FormEncoding.Url("http://prom:9090", "/api/v1/labels", []).Should().Be("http://prom:9090/api/v1/labels");
        FormEncoding.Url("", "/api/v2/alerts", Parameters(("filter", "x"), ("silenced", "false"))).Should().Be("/api/v2/alerts?filter=x&silenced=false");
    }

    [Fact]
    public void Decoding_then_encoding_gives_the_canonical_form()
    {
        var parameters = new List<KeyValuePair<string, string>>();
        FormEncoding.Decode("query=sum+by%28a%29+%28x%29&time=1&empty=&novalue", parameters);

        parameters.Should().Equal(Parameters(("query", "sum by(a) (x)"), ("time", "1"), ("empty", ""), ("novalue", "")));
        FormEncoding.Encode(parameters).Should().Be("query=sum%20by%28a%29%20%28x%29&time=1&empty=&novalue=");
    }
}
