using System.Diagnostics;

namespace Hesione.Tests.Cli;

/// <summary>What one run of the <c>hesione</c> executable did.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error);

/// <summary>Runs the real <c>hesione</c> executable (built next to the tests) as a user would, with a time limit; a null environment value unsets that variable.</summary>
public static class HesioneProcess
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "hesione.exe" : "hesione");

    public static async Task<CliRun> RunAsync(IEnumerable<string> arguments, string? input = null, int timeoutSeconds = 60, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hesione {string.Join(' ', arguments)} did not exit within {timeoutSeconds} s");
        }
        return new CliRun(process.ExitCode, await output, await error);
    }
}
