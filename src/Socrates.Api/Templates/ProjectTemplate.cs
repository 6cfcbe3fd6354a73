namespace Socrates.Api.Templates;

/// <summary>A starting point for a project: the specifications it begins with and the questions to answer next.</summary>
public sealed record ProjectTemplate(
    string Id,
    string Name,
    string Description,
    bool BuiltIn,
    IReadOnlyList<string> Categories,
    IReadOnlyList<TemplateSpecification> Specifications,
    IReadOnlyList<string> OpenQuestions,
    DateTime? CreatedAt);

public sealed record TemplateSpecification(string Category, string Key, string Value, double Confidence);

/// <summary>The part of a template stored as data: a built-in file, or a user template's content column.</summary>
public sealed record TemplateContent(IReadOnlyList<TemplateSpecification> Specifications, IReadOnlyList<string> OpenQuestions);
