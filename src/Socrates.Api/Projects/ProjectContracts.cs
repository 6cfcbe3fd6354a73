using Socrates.Api.Http;

namespace Socrates.Api.Projects;

public sealed record CreateProjectRequest(string? Name, string? Description, string? Phase) : IValidatable
{
    public Validator Validate() => new Validator()
        .Required("name", Name, Project.MaxNameLength)
        .MaxLength("description", Description, Project.MaxDescriptionLength, TextKind.Multiline)
        .OneOf("phase", Phase, ProjectPhases.All);
}

/// <summary>PATCH body: a field left out (or null) keeps its value.</summary>
public sealed record UpdateProjectRequest(string? Name, string? Description, string? Phase) : IValidatable
{
    public Validator Validate()
    {
        return new Validator()
            .NotBlank("name", Name, Project.MaxNameLength)
            .MaxLength("description", Description, Project.MaxDescriptionLength, TextKind.Multiline)
            .OneOf("phase", Phase, ProjectPhases.All);
    }
}

public sealed record ProjectResponse(
    Guid Id,
    Guid OwnerId,
    string Name,
    string Description,
    string Phase,
    int MaturityScore,
    string? LlmProvider,
    string? LlmModel,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static ProjectResponse From(Project p, int maturityScore) =>
        new(p.Id, p.OwnerId, p.Name, p.Description, p.Phase, maturityScore, p.LlmProvider, p.LlmModel, p.CreatedAt, p.UpdatedAt);
}
