using System.Net;
using System.Net.Http.Headers;
using FluentAssertions;
using Hesione.Tests.Server;
using Xunit;

namespace Hesione.Tests.Identity;

/// <summary>A <c>jwks_file</c> is read at config load and again at each reload: a key added to it takes effect on reload.</summary>
public sealed class JwksFileReloadTests
{
    [Fact]
    public async Task A_key_added_to_the_JWKS_file_is_accepted_after_a_reload()
    {
        var first = TestKey.Ecdsa("first");
        var second = TestKey.Rsa("second");
        var keys = Path.Combine(Path.GetTempPath(), $"hesione-jwks-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(keys, TestKey.Jwks(first));
        await using var upstream = await KestrelFakeUpstream.StartAsync();
        await using var proxy = await TestProxy.StartAsync($$"""
            identities:
              file:
                issuer: https://file.test
                jwks_file: {{keys}}
            receivers:
              - name: r
                prom: {{upstream.BaseAddress}}
                auth: {identity: file}
                scopes:
                  - labels: {namespace: "{claim:ns}"}
            """);
        try
        {
            async Task<HttpStatusCode> Send(TestKey key)
            {
                var token = key.Sign("https://file.test", null, new Dictionary<string, object> { ["sub"] = "s", ["ns"] = "team-a" });
                var (status, _) = await proxy.GetJsonAsync("/r/api/v1/labels", new AuthenticationHeaderValue("Bearer", token));
                return status;
            }

            (await Send(first)).Should().Be(HttpStatusCode.OK);
            (await Send(second)).Should().Be(HttpStatusCode.Unauthorized);
            await File.WriteAllTextAsync(keys, TestKey.Jwks(first, second));
            (await proxy.Host.ReloadAsync()).Should().BeTrue();
            (await Send(second)).Should().Be(HttpStatusCode.OK);
            (await Send(first)).Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            File.Delete(keys);
        }
    }
}
