using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace Hesione.Server.Observability;

/// <summary>
/// Console logging in single lines (<c>2026-01-01T00:00:00.000Z info: Category[0] message</c>) written in batches:
/// callers only enqueue, and one background loop writes what has queued every 100 ms. Waking a writer thread for
/// every line (as the stock console logger does) cost a third of a proxied request's CPU with one audit line per
/// request (BENCHMARKS.md). Callers queue the parts of a line; the loop formats and encodes them into buffers it
/// reuses. At most <see cref="MaxQueued"/> lines wait; beyond that lines are dropped and counted.
/// </summary>
internal sealed class BatchingConsoleLoggerProvider : ILoggerProvider
{
    private const int MaxQueued = 100_000;
    private const int OutputBufferBytes = 64 * 1024;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>A line to write: formatted by the write loop.</summary>
    private readonly record struct Entry(DateTime Time, LogLevel Level, string Category, int EventId, string Message, string? Exception);

    private readonly ConcurrentQueue<Entry> _entries = new();
    private readonly Stream _output;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _flushing = new();
    private readonly byte[] _bytes = new byte[OutputBufferBytes];
    private readonly Task _writer;
    private int _queued;
    private long _dropped;

    public BatchingConsoleLoggerProvider(Stream? output = null)
    {
        _output = output ?? Console.OpenStandardOutput();
        _writer = Task.Run(WriteLoopAsync);
    }

    public ILogger CreateLogger(string categoryName) => new BatchingLogger(categoryName, this);

    private void Enqueue(in Entry entry)
    {
        if (Interlocked.Increment(ref _queued) > MaxQueued)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            return;
        }
        _entries.Enqueue(entry);
    }

    private async Task WriteLoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) Flush();
        }
        catch (OperationCanceledException)
        {
            // Stopping: the final flush happens in Dispose.
        }
    }

    private void Flush()
    {
        lock (_flushing)
        {
            var used = 0;
            try
            {
                while (_entries.TryDequeue(out var entry))
                {
                    Interlocked.Decrement(ref _queued);
                    used = Append(entry, used);
                }
                var dropped = Interlocked.Exchange(ref _dropped, 0);
                if (dropped > 0)
                    used = Append(new Entry(DateTime.UtcNow, LogLevel.Warning, typeof(BatchingConsoleLoggerProvider).FullName!, 0, $"{dropped} log line(s) dropped: the log output is too slow", null), used);
                if (used > 0) _output.Write(_bytes, 0, used);
                _output.Flush();
            }
            catch (IOException)
            {
                // Standard output closed: nothing more to do with the lines.
            }
        }
    }

    /// <summary>Formats <paramref name="entry"/> as one line into the output buffer, writing the buffer out first when the line does not fit.</summary>
    private int Append(in Entry entry, int used)
    {
        var length = 64 + entry.Category.Length + entry.Message.Length + (entry.Exception?.Length + 1 ?? 0);
        var chars = ArrayPool<char>.Shared.Rent(length);
        try
        {
            var line = chars.AsSpan();
            // "s" (yyyy-MM-ddTHH:mm:ss) is a fast path of DateTime formatting; a custom pattern is not.
            if (!line.TryWrite(System.Globalization.CultureInfo.InvariantCulture,
                    $"{entry.Time:s}.{entry.Time.Millisecond:D3}Z {LevelName(entry.Level)}: {entry.Category}[{entry.EventId}] {entry.Message}", out var written))
                throw new InvalidOperationException("the log line buffer was sized too small");
            if (entry.Exception is { } exception)
            {
                line[written++] = ' ';
                exception.CopyTo(line[written..]);
                written += exception.Length;
            }
            line[written++] = '\n';
            var needed = Encoding.UTF8.GetMaxByteCount(written);
            if (needed > _bytes.Length - used)
            {
                if (used > 0) _output.Write(_bytes, 0, used);
                used = 0;
            }
            if (needed <= _bytes.Length) return used + Encoding.UTF8.GetBytes(line[..written], _bytes.AsSpan(used));
            _output.Write(Encoding.UTF8.GetBytes(chars, 0, written));
            return 0;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _writer.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation.
        }
        Flush();
        _stop.Dispose();
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class BatchingLogger(string category, BatchingConsoleLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider.Enqueue(new Entry(DateTime.UtcNow, logLevel, category, eventId.Id, formatter(state, exception).ReplaceLineEndings(" "),
                exception?.ToString().ReplaceLineEndings(" | ")));
        }
    }
}
