using System.Net;
using FluentAssertions;
using Hesione.Tests.Backends;

namespace Hesione.Tests.Isolation;

/// <summary>Checks that an answer of the proxy carries no data outside a receiver's scope.</summary>
public static class LeakAssertions
{
    /// <summary>
    /// The answer is either refused (4xx) or a success whose data equals what the scope's oracle answers to one of
    /// <paramref name="equivalents"/> (each a full parameter set for <paramref name="path"/>). Anything else — a
    /// success with other data, or a 5xx that suggests the attempt reached the backend — fails.
    /// </summary>
    public static async Task ShouldBeRefusedOrScopedAsync(
        this Answer answer,
        BackendFixture fixture,
        ReceiverCase receiver,
        string path,
        string attempt,
        params IReadOnlyList<KeyValuePair<string, string>>[] equivalents)
    {
        var status = (int)answer.Status;
        if (status is >= 400 and < 500)
        {
            return;
        }

        status.Should().BeInRange(200, 299, because: $"{attempt} through /{receiver.Name} must be refused (4xx) or answered within the scope, got {answer}");
        ShouldStayInScope(answer, receiver.Scope, attempt);

        var oracle = fixture.Oracle(receiver.Flavor, receiver.Scope).BaseAddress;
        var expectations = new List<string>();
        foreach (var parameters in equivalents)
        {
            var expected = await Api.GetAsync(oracle, path, parameters);
            if (expected.Status == HttpStatusCode.OK && expected.Normalised == answer.Normalised)
            {
                return;
            }

            expectations.Add($"oracle {Api.Form(parameters)}:\n{PromJson.Truncate(expected.Normalised, 1500)}");
        }

        Xunit.Assert.Fail(
            $"{attempt} through /{receiver.Name} succeeded, so it must equal the {receiver.Scope} oracle's answer to an equivalent request.\n" +
            $"--- actual (proxy) ---\n{PromJson.Truncate(answer.Normalised, 1500)}\n--- candidates ---\n{string.Join("\n", expectations)}");
    }

    /// <summary>Every series in the answer that carries a namespace carries one of the scope.</summary>
    public static void ShouldStayInScope(Answer answer, TenantScope scope, string attempt)
    {
        var foreign = PromJson.LabelSets(answer.Body)
            .Where(l => !l.TryGetValue("namespace", out var ns) || !scope.Namespaces.Contains(ns))
            .Where(l => l.ContainsKey("namespace") || l.ContainsKey("__name__"))
            .Select(l => "{" + string.Join(",", l.Select(kv => $"{kv.Key}={kv.Value}")) + "}")
            .ToList();
        foreign.Should().BeEmpty(because: $"{attempt} must not return series outside namespace in [{string.Join(", ", scope.Namespaces)}]");

        var strings = answer.Body.Contains("\"data\":[\"", StringComparison.Ordinal) ? PromJson.Strings(answer.Body) : [];
        strings.Intersect(TestData.Tenants.Except(scope.Namespaces)).Should().BeEmpty(because: $"{attempt} must not reveal other tenants' namespaces");
    }

    /// <summary>A Prometheus-style error answer with the given status.</summary>
    public static void ShouldBeApiError(this Answer answer, HttpStatusCode status, string? errorType = null, string? because = null)
    {
        answer.Status.Should().Be(status, because: because ?? answer.ToString());
        var normalised = answer.Normalised;
        normalised.Should().StartWith($"{(int)status} error\n", because: $"the error body has the Prometheus API shape: {answer}");
        if (errorType is not null)
        {
            normalised.Should().Contain($"errorType=\"{errorType}\"", because: answer.ToString());
        }
    }
}
