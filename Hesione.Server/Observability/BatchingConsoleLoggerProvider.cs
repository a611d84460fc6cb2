using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Observability;

/// <summary>
/// Console logging in single lines (<c>2026-01-01T00:00:00.000Z info: Category[0] message</c>) written in batches:
/// callers only enqueue, and one background loop writes what has queued every 100 ms. Waking a writer thread for
/// every line (as the stock console logger does) cost a third of a proxied request's CPU with one audit line per
/// request (BENCHMARKS.md). At most <see cref="MaxQueued"/> lines wait; beyond that lines are dropped and counted.
/// </summary>
internal sealed class BatchingConsoleLoggerProvider : ILoggerProvider
{
    private const int MaxQueued = 100_000;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stream _output;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private int _queued;
    private long _dropped;

    public BatchingConsoleLoggerProvider(Stream? output = null)
    {
        _output = output ?? Console.OpenStandardOutput();
        _writer = Task.Run(WriteLoopAsync);
    }

    public ILogger CreateLogger(string categoryName) => new BatchingLogger(categoryName, this);

    private void Enqueue(string line)
    {
        if (Interlocked.Increment(ref _queued) > MaxQueued)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            return;
        }
        _lines.Enqueue(line);
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
        var batch = new StringBuilder();
        while (_lines.TryDequeue(out var line))
        {
            Interlocked.Decrement(ref _queued);
            batch.Append(line).Append('\n');
        }
        var dropped = Interlocked.Exchange(ref _dropped, 0);
        if (dropped > 0) batch.Append(Format(LogLevel.Warning, typeof(BatchingConsoleLoggerProvider).FullName!, default, $"{dropped} log line(s) dropped: the log output is too slow", null)).Append('\n');
        if (batch.Length == 0) return;
        try
        {
            var bytes = Encoding.UTF8.GetBytes(batch.ToString());
            _output.Write(bytes, 0, bytes.Length);
            _output.Flush();
        }
        catch (IOException)
        {
            // Standard output closed: nothing more to do with the lines.
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

    private static string Format(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var text = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {LevelName(level)}: {category}[{eventId.Id}] {message}";
        return exception is null ? text : text + " " + exception.ToString().ReplaceLineEndings(" | ");
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
            provider.Enqueue(Format(logLevel, category, eventId, formatter(state, exception).ReplaceLineEndings(" "), exception));
        }
    }
}
