using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Hesione.Server.Connections;

/// <summary>
/// The proxy's listeners: the tenant listener (<c>listen</c>) and, when <c>internal_listen</c> is set, the internal one
/// that alone serves the operational endpoints. Connections accepted by the internal listener carry
/// <see cref="InternalConnection"/> among their features.
/// </summary>
internal sealed class ListenerRoles
{
    /// <summary>Whether an internal listener is configured.</summary>
    public required bool Separate { get; init; }

    /// <summary>The internal listener once Kestrel has configured it (its bound end point after start), or null.</summary>
    public ListenOptions? Internal { get; set; }

    /// <summary>Whether <paramref name="context"/> came through the internal listener.</summary>
    public static bool IsInternal(HttpContext context) => context.Features.Get<InternalConnection>() is not null;

    /// <summary>Marks a connection accepted by the internal listener.</summary>
    public sealed class InternalConnection
    {
        public static readonly InternalConnection Instance = new();
    }
}
