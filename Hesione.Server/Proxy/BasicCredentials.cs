using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Hesione.Server.Proxy;

/// <summary>
/// Expected HTTP Basic credentials, kept only as SHA-256 hashes. <see cref="Matches"/> hashes the
/// presented user and password and compares both with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so the time taken does not depend on how much of either is right.
/// </summary>
internal sealed class BasicCredentials
{
    private const int MaxHeaderLength = 4096;
    private readonly byte[] _user;
    private readonly byte[] _password;

    public BasicCredentials(string user, string password)
    {
        _user = SHA256.HashData(Encoding.UTF8.GetBytes(user));
        _password = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        HeaderValue = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
    }

    /// <summary>The <c>Authorization</c> header value that carries these credentials.</summary>
    public string HeaderValue { get; }

    /// <summary>Whether <paramref name="authorization"/> (the request's header values) holds exactly one Basic header with these credentials.</summary>
    public bool Matches(IReadOnlyList<string?> authorization)
    {
        if (authorization.Count != 1 || authorization[0] is not { Length: > 6 and <= MaxHeaderLength } header) return false;
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        var encoded = header.AsSpan(6).Trim();
        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            if (!Convert.TryFromBase64Chars(encoded, buffer, out var length)) return false;
            var decoded = buffer.AsSpan(0, length);
            var colon = decoded.IndexOf((byte)':');
            if (colon < 0) return false;
            Span<byte> user = stackalloc byte[SHA256.HashSizeInBytes];
            Span<byte> password = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(decoded[..colon], user);
            SHA256.HashData(decoded[(colon + 1)..], password);
            return CryptographicOperations.FixedTimeEquals(user, _user) & CryptographicOperations.FixedTimeEquals(password, _password);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
