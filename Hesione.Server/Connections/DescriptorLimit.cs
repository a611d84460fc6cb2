using System.Runtime.InteropServices;

namespace Hesione.Server.Connections;

/// <summary>The process's file-descriptor limit (<c>RLIMIT_NOFILE</c>, soft) and how many descriptors it has open.</summary>
internal static class DescriptorLimit
{
    private const int ResourceNoFile = 7; // RLIMIT_NOFILE on Linux

    /// <summary>The soft descriptor limit, or null when it is unlimited or cannot be read (not Linux).</summary>
    public static long? Soft()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            if (GetRLimit(ResourceNoFile, out var limit) != 0) return null;
            return limit.Current is 0 or > long.MaxValue ? null : (long)limit.Current;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The descriptors the process has open now (0 when it cannot tell).</summary>
    public static int InUse()
    {
        try
        {
            return Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the project for this one call.
    [DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int GetRLimit(int resource, out RLimit limit);
#pragma warning restore SYSLIB1054
}
