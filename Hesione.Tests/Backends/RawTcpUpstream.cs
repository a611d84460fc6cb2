using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hesione.Tests.Backends;

/// <summary>A request as a <see cref="RawTcpUpstream"/> received it (raw target, headers, body).</summary>
public sealed record FakeRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string Path => Target.Split('?', 2)[0];

    public string QueryString => Target.Contains('?', StringComparison.Ordinal) ? Target.Split('?', 2)[1] : "";

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    /// <summary>Every parameter from the URL and from a urlencoded body, decoded, in order (URL first).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters
    {
        get
        {
            var list = ParseForm(QueryString).ToList();
            if (Header("Content-Type")?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            {
                list.AddRange(ParseForm(BodyText));
            }

            return list;
        }
    }

    public IReadOnlyList<string> Values(string name) => Parameters.Where(p => p.Key == name).Select(p => p.Value).ToList();

    public static IEnumerable<KeyValuePair<string, string>> ParseForm(string form)
    {
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            yield return new KeyValuePair<string, string>(Decode(kv[0]), kv.Length > 1 ? Decode(kv[1]) : "");
        }
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}

/// <summary>An answer of a <see cref="RawTcpUpstream"/>; the body is written by a callback so it can be streamed.</summary>
public sealed class FakeResponse
{
    public int Status { get; init; } = 200;

    public string ContentType { get; init; } = "application/json";

    /// <summary>Exact body length (sent as Content-Length).</summary>
    public required long Length { get; init; }

    public required Func<Stream, CancellationToken, Task> WriteBody { get; init; }

    public static FakeResponse Json(string json, int status = 200)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return new FakeResponse { Status = status, Length = bytes.Length, WriteBody = (s, ct) => s.WriteAsync(bytes, ct).AsTask() };
    }

    /// <summary>An empty successful instant-query answer.</summary>
    public static FakeResponse EmptyVector() => Json("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
}

/// <summary>What a <see cref="RawTcpUpstream"/> does with a connection.</summary>
public enum FakeMode
{
    /// <summary>Answer every request with the handler.</summary>
    Serve,

    /// <summary>Read the request and never answer (a stuck backend).</summary>
    Hang,
}

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 for fault and recording tests: it records every request, can hang, can reset
/// the first connections with a TCP RST, and streams bodies of any size without buffering them. Each response closes
/// its connection. Written on raw sockets so it can misbehave as no HTTP server library lets it (a body
/// shorter than its <c>Content-Length</c>, resets, hangs); for an upstream that answers correctly, <see cref="Server.KestrelFakeUpstream"/>.
/// </summary>
public sealed class RawTcpUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<FakeRequest, FakeResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _connectionCount;
    private int _resetsLeft;

    private RawTcpUpstream(TcpListener listener, Func<FakeRequest, FakeResponse> handler, FakeMode mode, int resetFirstConnections)
    {
        _listener = listener;
        _handler = handler;
        Mode = mode;
        _resetsLeft = resetFirstConnections;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public FakeMode Mode { get; set; }

    /// <summary>Every request fully received so far (including ones answered by a reset or a hang).</summary>
    public IReadOnlyList<FakeRequest> Requests => _requests.ToArray();

    /// <summary>Number of accepted TCP connections.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Starts listening on <paramref name="port"/> (0: a free one).</summary>
    public static RawTcpUpstream Start(Func<FakeRequest, FakeResponse>? handler = null, FakeMode mode = FakeMode.Serve, int port = 0, int resetFirstConnections = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return new RawTcpUpstream(listener, handler ?? (_ => FakeResponse.EmptyVector()), mode, resetFirstConnections);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        await Task.WhenAll(_connections.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connectionCount);
            _connections.Add(Task.Run(() => HandleAsync(socket)));
        }
    }

    private async Task HandleAsync(Socket socket)
    {
        var ct = _stop.Token;
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var request = await ReadRequestAsync(stream, ct);
            if (request is null)
            {
                return;
            }

            _requests.Enqueue(request);
            if (Interlocked.Decrement(ref _resetsLeft) >= 0)
            {
                socket.LingerState = new LingerOption(true, 0); // close with RST
                return;
            }

            if (Mode == FakeMode.Hang)
            {
                await Task.Delay(Timeout.Infinite, ct);
                return;
            }

            var response = _handler(request);
            var head = new StringBuilder()
                .Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(Reason(response.Status)).Append("\r\n")
                .Append("Content-Type: ").Append(response.ContentType).Append("\r\n")
                .Append("Content-Length: ").Append(response.Length).Append("\r\n")
                .Append("Connection: close\r\n\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
            if (request.Method != "HEAD")
            {
                await response.WriteBody(stream, ct);
            }

            await stream.FlushAsync(ct);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or we are stopping.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private static async Task<FakeRequest?> ReadRequestAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk, ct);
            if (n == 0)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
            if (buffer.Length > 1 << 20)
            {
                throw new IOException("request head too large");
            }
        }

        var all = buffer.ToArray();
        var headText = Encoding.ASCII.GetString(all, 0, headerEnd);
        var lines = headText.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split(':', 2))
            .Select(kv => new KeyValuePair<string, string>(kv[0].Trim(), kv.Length > 1 ? kv[1].Trim() : ""))
            .ToList();
        var rest = new MemoryStream();
        rest.Write(all, headerEnd + 4, all.Length - headerEnd - 4);

        string? Header(string name) =>
            headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

        byte[] body;
        if (Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = await ReadChunkedAsync(stream, rest, chunk, ct);
        }
        else
        {
            var length = long.TryParse(Header("Content-Length"), out var l) ? l : 0;
            while (rest.Length < length)
            {
                var n = await stream.ReadAsync(chunk, ct);
                if (n == 0)
                {
                    break;
                }

                rest.Write(chunk, 0, n);
            }

            body = rest.ToArray();
        }

        return new FakeRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "", headers, body);
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream stream, MemoryStream pending, byte[] chunk, CancellationToken ct)
    {
        var data = pending.ToArray().ToList();
        var body = new List<byte>();
        var pos = 0;

        async Task<bool> FillAsync()
        {
            var n = await stream.ReadAsync(chunk, ct);
            if (n == 0)
            {
                return false;
            }

            data.AddRange(chunk.AsSpan(0, n).ToArray());
            return true;
        }

        async Task<string?> LineAsync()
        {
            while (true)
            {
                for (var i = pos; i + 1 < data.Count; i++)
                {
                    if (data[i] == '\r' && data[i + 1] == '\n')
                    {
                        var line = Encoding.ASCII.GetString(data.GetRange(pos, i - pos).ToArray());
                        pos = i + 2;
                        return line;
                    }
                }

                if (!await FillAsync())
                {
                    return null;
                }
            }
        }

        while (true)
        {
            var sizeLine = await LineAsync();
            if (sizeLine is null)
            {
                return body.ToArray();
            }

            var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                await LineAsync();
                return body.ToArray();
            }

            while (data.Count - pos < size + 2)
            {
                if (!await FillAsync())
                {
                    return body.ToArray();
                }
            }

            body.AddRange(data.GetRange(pos, size));
            pos += size + 2;
        }
    }

    private static int IndexOfHeaderEnd(MemoryStream buffer)
    {
        var span = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return span.IndexOf("\r\n\r\n"u8);
    }
}
