using Hesione.Server.Plan;
using Microsoft.AspNetCore.Http;

namespace Hesione.Server.Proxy;

/// <summary>A request to a receiver, with the config snapshot it started under and that receiver's upstream clients.</summary>
internal sealed record ReceiverRequest(HttpContext Context, ProxyConfig Config, Receiver Receiver, UpstreamClients Clients);
