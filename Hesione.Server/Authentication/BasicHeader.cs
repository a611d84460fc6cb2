using System.Buffers;
using System.Text;

namespace Hesione.Server.Authentication;

/// <summary>
/// The one reader of an HTTP Basic <c>Authorization</c> header (RFC 7617): exactly one header value of at most
/// <see cref="MaxLength"/> characters, the scheme <c>Basic</c> in any letter case, then base64 of <c>user:password</c>
/// split at the first colon (a password may hold colons; a user may not). The decoded bytes live in a pooled buffer
/// that is cleared once read, so a caller sees the password as a span and keeps it as text only if it asks to.
/// </summary>
internal static class BasicHeader
{
    /// <summary>The longest header value read; a longer one is not Basic credentials.</summary>
    public const int MaxLength = 4096;

    private const string Scheme = "Basic ";

    /// <summary>Makes a result of the decoded user and password (UTF-8 bytes), valid only during the call.</summary>
    public delegate T Reader<in TState, out T>(ReadOnlySpan<byte> user, ReadOnlySpan<byte> password, TState state);

    /// <summary>
    /// Whether <paramref name="authorization"/> (a request's header values) is one Basic header; if so
    /// <paramref name="result"/> is what <paramref name="read"/> made of its user and password.
    /// </summary>
    public static bool TryRead<TValues, TState, T>(TValues authorization, TState state, Reader<TState, T> read, out T result)
        where TValues : IReadOnlyList<string?>
    {
        result = default!;
        if (authorization.Count != 1 || authorization[0] is not { Length: > 6 and <= MaxLength } header) return false;
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var encoded = header.AsSpan(Scheme.Length).Trim();
        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            if (!Convert.TryFromBase64Chars(encoded, buffer, out var length)) return false;
            var decoded = buffer.AsSpan(0, length);
            var colon = decoded.IndexOf((byte)':');
            if (colon < 0) return false;
            result = read(decoded[..colon], decoded[(colon + 1)..], state);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>The user and password of one Basic header, as text (UTF-8, an invalid sequence replaced), or null.</summary>
    public static (string User, string Password)? Credentials<TValues>(TValues authorization) where TValues : IReadOnlyList<string?> =>
        TryRead(authorization, 0, static (user, password, _) => (Encoding.UTF8.GetString(user), Encoding.UTF8.GetString(password)), out var credentials)
            ? credentials
            : null;
}
