namespace Socrates.Api.Specifications;

/// <summary>Where a specification came from; exports and the UI use it to weigh what a person said against what was guessed.</summary>
public static class SpecificationSources
{
    public const string User = "user";
    public const string GitHubImport = "github_import";
    public const string Template = "template";
    public const string Import = "import";
    public const string Llm = "llm";

    public static readonly IReadOnlyList<string> All = [User, GitHubImport, Template, Import, Llm];

    public static bool IsValid(string source) => All.Contains(source);
}
