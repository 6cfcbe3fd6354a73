using Tomlyn;
using Tomlyn.Model;

namespace Socrates.Api.GitHub.Analysis.Manifests;

/// <summary>TOML text as Tomlyn's table model (Cargo.toml, pyproject.toml, Pipfile).</summary>
internal static class Toml
{
    public static TomlTable Parse(string content) =>
        TomlSerializer.Deserialize<TomlTable>(content, (TomlSerializerOptions?)null)
        ?? throw new FormatException("The TOML document is empty.");
}
