using Hesione.Server.Authentication;
using Hesione.Server.Configuration;
using Hesione.Server.Enforcement;
using Hesione.Server.Upstream;

namespace Hesione.Server.Plan;

/// <summary>One compiled receiver (<see cref="ReceiverCompiler"/>): a path prefix, its upstream, its scope and its credentials. Immutable, shared by all requests.</summary>
internal sealed class Receiver
{
    public required string Name { get; init; }

    public required Flavor Flavor { get; init; }

    /// <summary>Its backends and Alertmanager, how to reach them and what to send them: all the upstream side needs.</summary>
    public required UpstreamRoute Upstream { get; init; }

    public required ReceiverScope Scope { get => _scope; init => _scope = value; }

    private ReceiverScope _scope = null!;

    /// <summary>This receiver with the scope of one authenticated client (a user's labels, a token's claims).</summary>
    public Receiver WithScope(ReceiverScope scope)
    {
        var copy = (Receiver)MemberwiseClone();
        copy._scope = scope;
        return copy;
    }

    /// <summary>Bcrypt users and/or a token identity (<c>auth.users</c>, <c>auth.identity</c>); null for the original forms.</summary>
    public ClientAuthentication? Authentication { get; init; }

    /// <summary>The Basic credentials clients must send (<c>auth</c>, or <c>prom_auth</c> with <c>auth: preserve</c>); null when open.</summary>
    public BasicCredentials? ClientCredentials { get; init; }

    /// <summary>The most requests served at once for this receiver (<c>max_concurrent</c>); beyond it, 429.</summary>
    public required int MaxConcurrent { get; init; }

    /// <summary>The limits on what one request may ask of the backend, and on the request rate (global values, overridden per receiver).</summary>
    public Guards Guards { get; init; } = Guards.Default;
}
