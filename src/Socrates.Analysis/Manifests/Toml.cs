using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Socrates.Analysis.Manifests;

/// <summary>TOML text as Tomlyn's table model (Cargo.toml, pyproject.toml, Pipfile, poetry.lock, Cargo.lock).</summary>
internal static class Toml
{
    public static TomlTable Parse(string content) =>
        TomlSerializer.Deserialize<TomlTable>(content, TomlTables.Default)
        ?? throw new FormatException("The TOML document is empty.");
}

/// <summary>Source-generated, so the command line's Native AOT build reads TOML without reflection.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class TomlTables : TomlSerializerContext;
