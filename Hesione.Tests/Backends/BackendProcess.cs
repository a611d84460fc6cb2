using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hesione.Tests.Backends;

/// <summary>
/// A backend server process (Prometheus, VictoriaMetrics, Alertmanager) listening on 127.0.0.1 with its own temp
/// directory. Output goes to a log file in that directory; the tail is kept for error messages. Disposing kills the
/// process and deletes the directory. Every live process is also killed when the test host exits.
/// </summary>
public sealed class BackendProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<BackendProcess, byte> Live = new();
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly bool _ownsDirectory;
    private int _disposed;

    static BackendProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Live.Keys)
            {
                p.Kill();
            }
        };
    }

    private BackendProcess(string name, Process process, string directory, int port, bool ownsDirectory, StreamWriter log)
    {
        Name = name;
        _process = process;
        Directory = directory;
        Port = port;
        _ownsDirectory = ownsDirectory;
        _log = log;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }

    /// <summary>Working directory (data, config, log) owned by this process.</summary>
    public string Directory { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string LogPath => Path.Combine(Directory, "process.log");

    /// <summary>Last lines the process wrote (stdout and stderr).</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    /// <summary>Creates a fresh temp directory for a backend.</summary>
    public static string CreateTempDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"hesione-{prefix}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A TCP port that was free on 127.0.0.1 a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts <paramref name="executable"/> with arguments built for a port. Does not wait for readiness.</summary>
    public static BackendProcess Start(string name, string executable, string directory, int port, IEnumerable<string> arguments, bool ownsDirectory = true)
    {
        var psi = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        var log = new StreamWriter(Path.Combine(directory, "process.log"), append: true, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var backend = new BackendProcess(name, process, directory, port, ownsDirectory, log);
        process.OutputDataReceived += (_, e) => backend.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => backend.OnLine(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: could not start {executable}");
        }

        Live.TryAdd(backend, 0);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return backend;
    }

    /// <summary>Polls <paramref name="path"/> until it answers 2xx; fails early when the process exits.</summary>
    public async Task WaitForHttpAsync(string path, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new BackendStartException(this, $"exited with code {_process.ExitCode} before {path} answered");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri(BaseAddress, path), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}");
            }
            catch (HttpRequestException e)
            {
                last = e;
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                last = e;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new BackendStartException(this, $"{path} not ready after {timeout.TotalSeconds:0}s ({last?.Message})");
    }

    public ValueTask DisposeAsync() => DisposeCoreAsync(_ownsDirectory);

    /// <summary>Kills the process but keeps its directory (used to retry on another port with the same data).</summary>
    internal ValueTask DisposeWithoutDeletingAsync() => DisposeCoreAsync(deleteDirectory: false);

    private async ValueTask DisposeCoreAsync(bool deleteDirectory)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Kill();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // The kill was sent; nothing more to do.
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        Live.TryRemove(this, out _);
        _process.Dispose();
        lock (_tail)
        {
            _log.Dispose();
        }

        if (deleteDirectory)
        {
            TryDeleteDirectory(Directory);
        }
    }

    /// <summary>Kills the process (and its children) without waiting.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    public override string ToString() => $"{Name} (pid {_process.Id}, {BaseAddress})";

    internal static void TryDeleteDirectory(string directory)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(directory))
                {
                    System.IO.Directory.Delete(directory, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 40)
            {
                _tail.Dequeue();
            }

            if (Volatile.Read(ref _disposed) == 0)
            {
                try
                {
                    _log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // Late output after dispose.
                }
            }
        }
    }
}

/// <summary>A backend that could not be started; the message carries the tail of its log.</summary>
public sealed class BackendStartException(BackendProcess backend, string message)
    : Exception($"{backend.Name} on {backend.BaseAddress}: {message}\n--- last output ---\n{backend.Tail}");
