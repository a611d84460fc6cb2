using BenchmarkDotNet.Attributes;
using Hesione.Server.Authentication;

namespace Hesione.Benchmarks;

/// <summary>
/// What a Basic check costs on a receiver with bcrypt users (cost 5, as <c>htpasswd -nbB</c> writes): a wrong password
/// for a known user, an unknown user (checked against the dummy hash), and a remembered success. The first two must
/// cost the same, so that the time of a refusal does not tell whether a user name exists.
/// </summary>
public class BasicUsersBenchmarks
{
    // htpasswd -nbB alice alice-secret
    private const string AliceHash = "$2y$05$zbo7GFNlRcZ5ScA9Pc.n5OgXl8gdmxmIz8mDTKM0ifq.NPaYTh1iK";

    private readonly BcryptUsers _users = new(
        [new BcryptUser("alice", AliceHash, null), new BcryptUser("bob", AliceHash, null)], TimeProvider.System);

    private int _attempt;

    [Benchmark(Baseline = true)]
    public async Task<bool> WrongPassword() => await _users.VerifyAsync("alice", "wrong-" + _attempt++, CancellationToken.None) is not null;

    [Benchmark]
    public async Task<bool> UnknownUser() => await _users.VerifyAsync("mallory-" + _attempt++, "alice-secret", CancellationToken.None) is not null;

    [Benchmark]
    public async Task<bool> RememberedPassword() => await _users.VerifyAsync("alice", "alice-secret", CancellationToken.None) is not null;
}
