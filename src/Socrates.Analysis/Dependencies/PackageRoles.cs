using System.Text.Json;
using System.Text.Json.Serialization;

namespace Socrates.Analysis.Dependencies;

/// <summary>
/// The roles in Data/roles.json: which well-known package is a web framework, an ORM, a test helper, and
/// so on. A person classifies a package by adding its name there.
/// </summary>
public sealed partial class PackageRoles
{
    private static readonly Lazy<PackageRoles> Instance = new(Load);

    private readonly Dictionary<(string Ecosystem, string Name), string> _roles = [];

    public PackageRoles(IReadOnlyDictionary<string, Dictionary<string, List<string>>> roles)
    {
        foreach (var (role, ecosystems) in roles)
        {
            foreach (var (ecosystem, names) in ecosystems)
            {
                foreach (var name in names)
                {
                    _roles.TryAdd((ecosystem, name.ToLowerInvariant()), role);
                }
            }
        }
    }

    public static PackageRoles Default => Instance.Value;

    public int Count => _roles.Count;

    public string? RoleOf(string ecosystem, string name) =>
        _roles.TryGetValue((ecosystem, name.ToLowerInvariant()), out var role) ? role : null;

    private static PackageRoles Load()
    {
        using var stream = typeof(PackageRoles).Assembly.GetManifestResourceStream("Socrates.Analysis.Data.roles.json")
            ?? throw new InvalidOperationException("The embedded package roles are missing from the build.");
        var file = JsonSerializer.Deserialize(stream, RolesJson.Default.RolesFile)
            ?? throw new InvalidOperationException("The embedded package roles are empty.");
        return new PackageRoles(file.Roles);
    }

    internal sealed record RolesFile(Dictionary<string, Dictionary<string, List<string>>> Roles);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(RolesFile))]
    internal sealed partial class RolesJson : JsonSerializerContext;
}
