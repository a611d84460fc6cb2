using System.Globalization;
using System.Net;

namespace Hesione.Server.Configuration;

/// <summary>A <c>HOST:PORT</c> to listen on: an IP address (<c>[::1]</c> for IPv6), <c>localhost</c>, or <c>*</c> for every address.</summary>
internal sealed record ListenAddress(IPAddress? Address, bool Localhost, int Port)
{
    public const string Syntax = "expected HOST:PORT with an IP address, localhost or * as HOST";

    public static ListenAddress? Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535) return null;
        var host = text[..colon];
        if (host == "*") return new ListenAddress(IPAddress.IPv6Any, false, port);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return port == 0 ? null : new ListenAddress(null, true, port);
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        else if (host.Contains(':')) return null;
        return IPAddress.TryParse(host, out var address) ? new ListenAddress(address, false, port) : null;
    }

    /// <summary>Whether both would bind a common address and port (a port of 0, a free port, never clashes).</summary>
    public bool Overlaps(ListenAddress other)
    {
        if (Port != other.Port || Port == 0) return false;
        if (IsAnyAddress || other.IsAnyAddress) return true;
        if (Localhost || other.Localhost) return (Localhost || IPAddress.IsLoopback(Address!)) && (other.Localhost || IPAddress.IsLoopback(other.Address!));
        return Address!.MapToIPv6().Equals(other.Address!.MapToIPv6());
    }

    private bool IsAnyAddress => Address is { } address && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));
}
