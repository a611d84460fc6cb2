using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Win32.SafeHandles;

namespace Hesione.Server.Connections;

/// <summary>
/// Accepts client connections for Kestrel, within the bound of <see cref="ConnectionSlots"/>: a connection beyond it
/// is reset at once, in the accept loop, so a flood never holds more descriptors than the bound (Kestrel's own
/// <c>MaxConcurrentConnections</c> closes the excess later, asynchronously, and a fast flood outran it). Kestrel's own
/// loop also retries a failed <c>accept</c> at once, whatever the error: out of descriptors (<c>EMFILE</c>) the
/// listening socket stays readable and that loop spins on the socket thread. Here, out of descriptors, the listener
/// frees one descriptor it keeps in reserve, accepts the oldest waiting connection and resets it (the client learns
/// at once instead of waiting in a queue nobody drains), takes its reserve back and goes on; when even that fails it
/// waits, 10 ms doubling up to 1 s. Refusals are logged once when they start and once when they stop, with a count.
/// </summary>
internal sealed partial class GuardedSocketListener : IConnectionListener
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    private readonly Socket _socket;
    private readonly SocketConnectionContextFactory _connections;
    private readonly ConnectionSlots _slots;
    private readonly ILogger _logger;
    private readonly Action _release;
    private SafeFileHandle? _reserve;
    private long _refused;
    private string? _refusing;

    public GuardedSocketListener(Socket socket, SocketConnectionContextFactory connections, ConnectionSlots slots, ILogger logger)
    {
        _socket = socket;
        _connections = connections;
        _slots = slots;
        _logger = logger;
        _release = slots.Release;
        EndPoint = socket.LocalEndPoint!;
        _reserve = OpenReserve();
    }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        var pause = FirstPause;
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException
                                          || e is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
            {
                Refusing($"accept: {e.SocketErrorCode}", e);
                if (ShedOne()) continue;
                await Task.Delay(pause, CancellationToken.None);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
                continue;
            }
            catch (SocketException)
            {
                // The connection was reset while it waited in the backlog: take the next one.
                continue;
            }
            if (!_slots.TryTake())
            {
                Refusing($"{_slots.Limit} client connections open (max_connections)");
                Reset(accepted);
                continue;
            }
            if (_refusing is not null)
            {
                LogAcceptingAgain(_logger, _refused, _refusing);
                _refusing = null;
                _refused = 0;
            }
            _reserve ??= OpenReserve();
            pause = FirstPause;
            try
            {
                if (accepted.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) accepted.NoDelay = true;
                var connection = _connections.Create(accepted);
                connection.ConnectionClosed.Register(_release);
                return connection;
            }
            catch
            {
                _slots.Release();
                accepted.Dispose();
                throw;
            }
        }
    }

    private void Refusing(string reason, Exception? exception = null)
    {
        if (_refusing is null)
        {
            _refusing = reason;
            LogRefusing(_logger, reason, exception);
        }
        _refused++;
    }

    /// <summary>Closes with a TCP reset, at once, without a descriptor left in TIME_WAIT or a lingering close.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already reset by the client.
        }
        socket.Dispose();
    }

    /// <summary>Frees the reserve descriptor, accepts one waiting connection and resets it, then takes the reserve back; false when there was nothing to do.</summary>
    private bool ShedOne()
    {
        if (_reserve is null && (_reserve = OpenReserve()) is null) return false;
        _reserve.Dispose();
        _reserve = null;
        try
        {
            if (!_socket.Poll(0, SelectMode.SelectRead)) return false;
            Reset(_socket.Accept());
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            _reserve = OpenReserve();
        }
    }

    private static SafeFileHandle? OpenReserve()
    {
        try
        {
            return File.OpenHandle("/dev/null");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _reserve?.Dispose();
        _connections.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "accepting connections again after {Refused} refused ({Reason})")]
    private static partial void LogAcceptingAgain(ILogger logger, long refused, string? reason);

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "refusing new connections: {Reason}")]
    private static partial void LogRefusing(ILogger logger, string reason, Exception? exception);
}
