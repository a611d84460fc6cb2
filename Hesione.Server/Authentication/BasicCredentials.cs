using System.Security.Cryptography;
using System.Text;

namespace Hesione.Server.Authentication;

/// <summary>
/// Expected HTTP Basic credentials, kept only as SHA-256 hashes. <see cref="Matches"/> hashes the
/// presented user and password and compares both with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so the time taken does not depend on how much of either is right.
/// </summary>
internal sealed class BasicCredentials
{
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
    public bool Matches(IReadOnlyList<string?> authorization) =>
        BasicHeader.TryRead(authorization, this, static (user, password, expected) => expected.HashesMatch(user, password), out var matches) && matches;

    private bool HashesMatch(ReadOnlySpan<byte> user, ReadOnlySpan<byte> password)
    {
        Span<byte> userHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> passwordHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(user, userHash);
        SHA256.HashData(password, passwordHash);
        return CryptographicOperations.FixedTimeEquals(userHash, _user) & CryptographicOperations.FixedTimeEquals(passwordHash, _password);
    }
}
