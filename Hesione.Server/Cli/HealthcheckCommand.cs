using System.CommandLine;

namespace Hesione.Server.Cli;

/// <summary>
/// <c>hesione healthcheck [--url URL]</c>: exits 0 when a GET of the URL (default the local proxy's liveness,
/// <c>/-/healthy</c>) answers 200 within 3 seconds, 1 otherwise. For container health checks.
/// </summary>
internal static class HealthcheckCommand
{
    private const string DefaultUrl = "http://127.0.0.1:8000/-/healthy";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = $"The URL to check (default {DefaultUrl}).", DefaultValueFactory = _ => DefaultUrl };
        var command = new Command("healthcheck", "Exit 0 when URL answers 200 within 3 seconds, 1 otherwise.") { url };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(url)!, Console.Error, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string url, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await error.WriteLineAsync($"hesione healthcheck: {url}: not an absolute http(s) URL");
            return ExitCodes.Usage;
        }
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.OK) return 0;
            await error.WriteLineAsync($"hesione healthcheck: {uri}: {(int)response.StatusCode}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"hesione healthcheck: {uri}: {e.Message}");
            return 1;
        }
    }
}
