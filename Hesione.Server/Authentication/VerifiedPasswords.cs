using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Hesione.Server.Authentication;

/// <summary>
/// Remembers user/password pairs that bcrypt accepted, for <see cref="Lifetime"/>, so that a dashboard's many requests
/// cost one bcrypt run rather than one each. Neither is kept: the key is an HMAC-SHA256 of both under a random key
/// made for this process, so the cache cannot be read back nor filled from outside. Only successes are kept (a miss
/// costs a full bcrypt run, for a known and an unknown user alike). Bounded to <see cref="MaxEntries"/>.
/// </summary>
internal sealed class VerifiedPasswords(TimeProvider clock)
{
    public const int MaxEntries = 1024;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (BcryptUser User, long Expires)> _entries = new(StringComparer.Ordinal);

    /// <summary>The key of a user/password pair: HMAC(user length, user, password).</summary>
    public string KeyOf(string user, string password)
    {
        var bytes = Encoding.UTF8.GetBytes($"{user.Length}:{user}:{password}");
        try
        {
            return Convert.ToBase64String(HMACSHA256.HashData(_key, bytes));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public BcryptUser? Find(string key)
    {
        if (!_entries.TryGetValue(key, out var entry)) return null;
        if (entry.Expires > clock.GetUtcNow().UtcTicks) return entry.User;
        _entries.TryRemove(key, out _);
        return null;
    }

    public void Add(string key, BcryptUser user)
    {
        var now = clock.GetUtcNow().UtcTicks;
        if (_entries.Count >= MaxEntries)
        {
            foreach (var (k, entry) in _entries)
                if (entry.Expires <= now) _entries.TryRemove(k, out _);
            if (_entries.Count >= MaxEntries) _entries.Clear();
        }
        _entries[key] = (user, now + Lifetime.Ticks);
    }
}
