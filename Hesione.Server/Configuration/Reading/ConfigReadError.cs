namespace Hesione.Server.Configuration;

/// <summary>Why a config file could not be read, in a few words (the path is printed by the caller, once).</summary>
internal static class ConfigReadError
{
    public static bool IsReadFailure(Exception e) => e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException;

    /// <summary><c>cannot read the config: no such file</c>, <c>... is a directory</c>, <c>... permission denied</c>, or the system's words.</summary>
    public static string Describe(string path, Exception e) => "cannot read the config: " + (e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException or IOException when Directory.Exists(path) => "is a directory",
        UnauthorizedAccessException => "permission denied",
        ArgumentException or NotSupportedException => "not a valid file path",
        _ => e.Message,
    });
}
