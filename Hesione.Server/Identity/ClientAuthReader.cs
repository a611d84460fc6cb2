using System.Collections.Frozen;
using System.Collections.Immutable;
using Hesione.PromQL.Enforcement;
using Hesione.Server.Config;
using Hesione.Server.Proxy;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Identity;

/// <summary>
/// Reads a receiver's <c>auth</c> when it has <c>users</c> or <c>identity</c> (alone, or with <c>user</c>/<c>password</c>),
/// and its <c>scopes</c>.
/// </summary>
internal static class ClientAuthReader
{
    private static readonly FrozenSet<string> Keys = FrozenSet.Create(StringComparer.Ordinal, "user", "password", "users", "identity");
    private static readonly FrozenSet<string> UserKeys = FrozenSet.Create(StringComparer.Ordinal, "user", "password_hash", "labels");

    /// <summary>Whether this <c>auth</c> is the extended form (with <c>users</c> or <c>identity</c>) that this reader reads.</summary>
    public static bool IsExtended(YamlNode auth) =>
        auth is YamlMappingNode mapping && (Has(mapping, "users") || Has(mapping, "identity"));

    /// <summary>
    /// Whether every client of this <c>auth</c> gets a scope of its own (a token's, or a user's <c>labels</c>), so that the
    /// receiver needs no label scope of its own.
    /// </summary>
    public static bool ScopesEveryClient(YamlNode? auth)
    {
        if (auth is not YamlMappingNode mapping || !IsExtended(auth) || Has(mapping, "user") || Has(mapping, "password")) return false;
        if (!mapping.Children.TryGetValue(new YamlScalarNode("users"), out var users)) return true;
        return users is YamlSequenceNode list && list.Children.All(u => u is YamlMappingNode m && Has(m, "labels"));
    }

    private static bool Has(YamlMappingNode mapping, string key) => mapping.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>
    /// The extended <c>auth</c> of a receiver; <paramref name="receiverLabels"/> is its scope (metric patterns and
    /// <c>on_conflict</c> carry over to users' and tokens' scopes). Null when it has problems (recorded).
    /// </summary>
    public static ClientAuthentication? Read(YamlValues yaml, YamlNode auth, YamlNode? scopes, string receiverPath,
        FrozenDictionary<string, TokenIdentity> identities, LabelScope receiverLabels, List<string> warnings)
    {
        var problems = yaml.Problems;
        var before = problems.Count;
        var path = ConfigProblems.Child(receiverPath, "auth");
        var entries = yaml.Entries(auth, path, Keys);

        BasicCredentials? password = null;
        if (entries.ContainsKey("user") || entries.ContainsKey("password"))
            password = ReadPassword(yaml, entries, path);

        BcryptUsers? users = null;
        if (entries.TryGetValue("users", out var usersNode)) users = ReadUsers(yaml, usersNode, ConfigProblems.Child(path, "users"), receiverLabels, warnings);

        TokenIdentity? identity = null;
        if (entries.TryGetValue("identity", out var identityNode) && yaml.String(identityNode, ConfigProblems.Child(path, "identity")) is { } name)
        {
            if (!identities.TryGetValue(name, out identity))
                problems.Add(ConfigProblems.Child(path, "identity"), identities.Count == 0
                    ? $"unknown identity {name}: no identities are defined"
                    : $"unknown identity {name} (defined: {string.Join(", ", identities.Keys.Order(StringComparer.Ordinal))})");
        }

        ClaimScopes? claimScopes = null;
        var scopesPath = ConfigProblems.Child(receiverPath, "scopes");
        if (entries.ContainsKey("identity") && scopes is null) problems.Add(scopesPath, "missing: auth.identity needs scopes (which labels a token's claims give)");
        else if (scopes is not null && !entries.ContainsKey("identity")) problems.Add(scopesPath, "scopes need auth.identity");
        else if (scopes is not null) claimScopes = ScopeRulesReader.Read(yaml, scopes, scopesPath, receiverLabels);

        if (problems.Count != before) return null;
        return new ClientAuthentication { Password = password, Users = users, Identity = identity, ClaimScopes = claimScopes };
    }

    private static BasicCredentials? ReadPassword(YamlValues yaml, Dictionary<string, YamlNode> entries, string path)
    {
        string? user = null, password = null;
        if (!entries.TryGetValue("user", out var userNode)) yaml.Problems.Add(ConfigProblems.Child(path, "user"), "missing (user and password go together)");
        else user = UserName(yaml, userNode, ConfigProblems.Child(path, "user"));
        if (!entries.TryGetValue("password", out var passwordNode)) yaml.Problems.Add(ConfigProblems.Child(path, "password"), "missing (user and password go together)");
        else password = yaml.String(passwordNode, ConfigProblems.Child(path, "password"));
        return user is not null && password is not null ? new BasicCredentials(user, password) : null;
    }

    private static string? UserName(YamlValues yaml, YamlNode node, string path)
    {
        var user = yaml.String(node, path);
        if (user is null || !user.Contains(':')) return user;
        yaml.Problems.Add(path, "a Basic auth user name cannot contain ':'");
        return null;
    }

    private static BcryptUsers? ReadUsers(YamlValues yaml, YamlNode node, string path, LabelScope receiverLabels, List<string> warnings)
    {
        if (yaml.Sequence(node, path) is not { } list) return null;
        if (list.Children.Count == 0)
        {
            yaml.Problems.Add(path, "at least one user is needed");
            return null;
        }
        var users = new List<BcryptUser>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var costs = new SortedSet<int>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var userPath = ConfigProblems.Index(path, i);
            var entries = yaml.Entries(list.Children[i], userPath, UserKeys);
            var name = entries.TryGetValue("user", out var nameNode) ? UserName(yaml, nameNode, ConfigProblems.Child(userPath, "user")) : Missing(yaml, userPath, "user");
            string? hash = null;
            if (!entries.TryGetValue("password_hash", out var hashNode)) Missing(yaml, userPath, "password_hash");
            else if (yaml.String(hashNode, ConfigProblems.Child(userPath, "password_hash")) is { } text)
            {
                if (BcryptHash.IsValid(text)) hash = text;
                else yaml.Problems.Add(ConfigProblems.Child(userPath, "password_hash"), "expected a bcrypt hash as `htpasswd -nbB USER PASSWORD` writes it ($2y$, $2a$ or $2b$, cost 04 to 31)");
            }
            LabelScope? labels = null;
            if (entries.TryGetValue("labels", out var labelsNode)) labels = ReadUserLabels(yaml, labelsNode, ConfigProblems.Child(userPath, "labels"), receiverLabels);
            if (name is null || hash is null || (labelsNode is not null && labels is null)) continue;
            if (!seen.TryAdd(name, i))
            {
                yaml.Problems.Add(ConfigProblems.Child(userPath, "user"), $"user {name} is given twice");
                continue;
            }
            costs.Add(BcryptHash.CostOf(hash));
            users.Add(new BcryptUser(name, hash, labels));
        }
        if (costs.Count > 1)
            warnings.Add($"{path}: the password hashes have different bcrypt costs ({string.Join(", ", costs)}): a check takes as long as its user's cost, and an unknown user's as long as the highest; give every user the same cost so that no user name can be told from another by the time a check takes");
        return users.Count == list.Children.Count ? new BcryptUsers(users, TimeProvider.System) : null;
    }

    private static string? Missing(YamlValues yaml, string path, string key)
    {
        yaml.Problems.Add(ConfigProblems.Child(path, key), "missing");
        return null;
    }

    private static LabelScope? ReadUserLabels(YamlValues yaml, YamlNode node, string path, LabelScope receiverLabels)
    {
        if (yaml.Mapping(node, path) is not { } mapping) return null;
        var constraints = new List<LabelConstraint>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                yaml.Problems.Add(path, "a label name must be a plain string");
                return null;
            }
            var labelPath = ConfigProblems.Child(path, name);
            if (yaml.Strings(value, labelPath) is not { } values) return null;
            try
            {
                constraints.Add(LabelConstraint.Literal(name, values));
            }
            catch (ScopeException e)
            {
                yaml.Problems.Add(labelPath, e.Message);
                return null;
            }
        }
        try
        {
            return new LabelScope(constraints, receiverLabels.MetricPatterns, receiverLabels.OnConflict);
        }
        catch (ScopeException e)
        {
            yaml.Problems.Add(path, e.Message);
            return null;
        }
    }
}
