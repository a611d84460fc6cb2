using System.Reflection;

namespace Hesione.Server.Hosting;

/// <summary>
/// Loads, before the proxy accepts a connection, the assemblies its request path and its error path reference. The
/// runtime otherwise opens an assembly's file the first time code needs it; when that happens while the process is
/// out of descriptors the load fails, and a static constructor that failed so stays failed for the life of the
/// process: Kestrel's table of reason phrases, needed by every response, loads <c>Microsoft.AspNetCore.WebUtilities</c>
/// the first time a response is written, and the first exception logged loads <c>System.Diagnostics.StackTrace</c>
/// and the metadata readers it uses. The assemblies of the roots below and their direct references are loaded (not
/// the whole closure, which would map some 40 assemblies more that nothing here uses, for about 10 MiB and 80
/// descriptors).
/// </summary>
internal static class AssemblyPreload
{
    private static readonly Lazy<int> Loaded = new(LoadAll);

    /// <summary>Loads them (once per process); the number of assemblies seen.</summary>
    public static int EnsureLoaded() => Loaded.Value;

    private static Assembly[] Roots() =>
    [
        typeof(AssemblyPreload).Assembly,
        typeof(PromQL.Parsing.PromQLParser).Assembly,
        typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions).Assembly,
        typeof(System.Diagnostics.StackTrace).Assembly,
        Assembly.Load("System.Diagnostics.StackTrace"),
    ];

    private static int LoadAll()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in Roots())
        {
            seen.Add(root.FullName!);
            foreach (var reference in root.GetReferencedAssemblies())
            {
                if (!seen.Add(reference.FullName)) continue;
                try
                {
                    Assembly.Load(reference);
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // Referenced but not shipped (an optional platform part): never needed here either.
                }
            }
        }
        return seen.Count;
    }
}
