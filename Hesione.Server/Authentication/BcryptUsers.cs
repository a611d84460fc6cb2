using System.Collections.Frozen;
using Hesione.Server.Configuration;

namespace Hesione.Server.Authentication;

/// <summary>
/// The <c>auth.users</c> of a receiver. Every check that misses the cache of verified passwords runs bcrypt exactly
/// once, whatever the user name: a known user against its hash, an unknown one against a dummy hash of the highest
/// cost among the users, whose result is discarded, so an unknown user costs what a wrong password does. bcrypt
/// runs are limited to one per core at a time (others wait), so wrong passwords cannot take every core.
/// </summary>
internal sealed class BcryptUsers
{
    private static readonly SemaphoreSlim Runs = new(Environment.ProcessorCount, Environment.ProcessorCount);

    private readonly FrozenDictionary<string, BcryptUser> _users;
    private readonly string _dummyHash;
    private readonly VerifiedPasswords _verified;

    public BcryptUsers(IEnumerable<BcryptUser> users, TimeProvider clock)
    {
        _users = users.ToFrozenDictionary(u => u.Name, StringComparer.Ordinal);
        Cost = _users.Values.Max(u => BcryptHash.CostOf(u.PasswordHash));
        _dummyHash = BCrypt.Net.BCrypt.HashPassword(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), Cost);
        _verified = new VerifiedPasswords(clock);
    }

    public int Count => _users.Count;

    public IEnumerable<BcryptUser> All => _users.Values;

    /// <summary>The user whose name and password these are, or null.</summary>
    public async Task<BcryptUser?> VerifyAsync(string user, string password, CancellationToken cancellationToken)
    {
        var key = _verified.KeyOf(user, password);
        if (_verified.Find(key) is { } remembered) return remembered;
        var known = _users.TryGetValue(user, out var entry);
        var matches = await RunAsync(password, known ? entry!.PasswordHash : _dummyHash, cancellationToken);
        if (!(matches & known)) return null;
        _verified.Add(key, entry!);
        return entry;
    }

    /// <summary>The highest bcrypt cost among the users (that of the dummy hash).</summary>
    public int Cost { get; }

    /// <summary>Spends what a wrong password costs here (one bcrypt run against the dummy hash), accepting nothing.</summary>
    public Task SpendAsync(string password, CancellationToken cancellationToken) => RunAsync(password, _dummyHash, cancellationToken);

    private static async Task<bool> RunAsync(string password, string hash, CancellationToken cancellationToken)
    {
        await Runs.WaitAsync(cancellationToken);
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        finally
        {
            Runs.Release();
        }
    }
}
