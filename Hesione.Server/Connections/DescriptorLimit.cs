using System.Runtime.InteropServices;

namespace Hesione.Server.Connections;

/// <summary>The process's file-descriptor limit (<c>RLIMIT_NOFILE</c>, soft), raised to the hard one, and how many descriptors it has open.</summary>
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

    /// <summary>
    /// Raises the soft limit to the hard one, as Go programs (Prometheus among them) do at start: the soft limit is
    /// often a 1,024 left over for old <c>select</c> users while the hard one allows far more. Best effort.
    /// </summary>
    public static void RaiseSoftToHard()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            if (GetRLimit(ResourceNoFile, out var limit) != 0 || limit.Current >= limit.Maximum) return;
            var raised = limit with { Current = limit.Maximum };
            _ = SetRLimit(ResourceNoFile, in raised); // refused (an unlimited hard limit above the kernel's nr_open): the soft one stays
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: the limit stays.
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
    private record struct RLimit(ulong Current, ulong Maximum);

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the project for this one call.
    [DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit")]
    private static extern int SetRLimit(int resource, in RLimit limit);
#pragma warning restore SYSLIB1054
}
