using Socrates.Api.Http;
using Socrates.Api.Projects;

namespace Socrates.Api.Templates;

public sealed record CreateFromTemplateRequest(string? TemplateId, string? Name, string? Description) : IValidatable
{
    public Validator Validate() => new Validator()
        .Required("template_id", TemplateId, 100)
        .Required("name", Name, Project.MaxNameLength)
        .MaxLength("description", Description, Project.MaxDescriptionLength, TextKind.Multiline);
}

public sealed record CreateTemplateRequest(Guid? FromProjectId, string? Name, string? Description) : IValidatable
{
    public Validator Validate()
    {
        var v = new Validator()
            .Required("name", Name, Project.MaxNameLength)
            .MaxLength("description", Description, Project.MaxDescriptionLength, TextKind.Multiline);
        return FromProjectId is null ? v.Add("from_project_id", "'from_project_id' is required.") : v;
    }
}

public sealed record TemplateList(IReadOnlyList<ProjectTemplate> Items);
