using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Hesione.Server.Connections;

/// <summary>
/// Kestrel's TCP transport with an accept loop that bounds client connections and survives descriptor exhaustion
/// (<see cref="GuardedSocketListener"/>); connections themselves are Kestrel's own (<see cref="SocketConnectionContextFactory"/>).
/// </summary>
internal sealed class GuardedSocketTransport(SocketConnectionFactoryOptions options, ConnectionSlots slots, ILoggerFactory loggers) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    /// <summary>Pending connections the kernel queues before Hesione accepts them (Kestrel's default).</summary>
    private const int Backlog = 512;

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var address = (IPEndPoint)endpoint;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(address);
            socket.Listen(Backlog);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new AddressInUseException(e.Message, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var logger = loggers.CreateLogger<GuardedSocketListener>();
        return ValueTask.FromResult<IConnectionListener>(new GuardedSocketListener(socket, new SocketConnectionContextFactory(options, logger), slots, logger));
    }
}
