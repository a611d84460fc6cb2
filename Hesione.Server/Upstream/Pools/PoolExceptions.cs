namespace Hesione.Server.Upstream.Pools;

/// <summary>An attempt on one backend of a pool got no answer within the receiver's timeout; the retry policy moves to the next backend.</summary>
internal sealed class BackendTimeoutException(string receiver, string backend, TimeSpan timeout)
    : HttpRequestException($"receiver {receiver}: {backend} did not answer within {timeout}");

/// <summary>Every backend of a pool was tried or is known to be down: the request fails at once (502), the retry policy does not retry it.</summary>
internal sealed class PoolExhaustedException(string receiver)
    : HttpRequestException($"receiver {receiver}: no backend left to try");
