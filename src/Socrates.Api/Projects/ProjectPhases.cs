namespace Socrates.Api.Projects;

/// <summary>The stages a project moves through, from the first questions to working code.</summary>
public static class ProjectPhases
{
    public const string Default = "discovery";

    public static readonly IReadOnlyList<string> All = ["discovery", "analysis", "design", "implementation"];

    public static bool IsValid(string phase) => All.Contains(phase);
}
