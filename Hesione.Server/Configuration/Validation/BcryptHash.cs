using System.Globalization;
using System.Text.RegularExpressions;

namespace Hesione.Server.Configuration;

/// <summary>The bcrypt hashes <c>htpasswd -nbB</c> and other tools write: <c>$2y$</c>, <c>$2a$</c> or <c>$2b$</c>, a cost from 4 to 31, 53 characters of salt and hash.</summary>
internal static partial class BcryptHash
{
    [GeneratedRegex(@"\A\$2[aby]\$(?<cost>0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    public static bool IsValid(string hash) => Syntax().IsMatch(hash);

    public static int CostOf(string hash) => int.Parse(Syntax().Match(hash).Groups["cost"].ValueSpan, CultureInfo.InvariantCulture);
}
