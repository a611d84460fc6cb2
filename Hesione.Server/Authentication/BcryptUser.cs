using Hesione.PromQL.Enforcement;

namespace Hesione.Server.Authentication;

/// <summary>One entry of <c>auth.users</c>: a name, a bcrypt hash, and the labels that replace the receiver's scope for this user (or null).</summary>
internal sealed record BcryptUser(string Name, string PasswordHash, LabelScope? Labels);
