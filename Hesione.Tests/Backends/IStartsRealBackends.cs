namespace Hesione.Tests.Backends;

/// <summary>
/// A test fixture that starts real backend processes: every test of a class that takes one must carry the
/// <see cref="RealBackendTrait"/> (checked by <c>RealBackendTraitTests</c>).
/// </summary>
public interface IStartsRealBackends;
