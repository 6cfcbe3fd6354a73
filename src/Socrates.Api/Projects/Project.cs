namespace Socrates.Api.Projects;

public sealed class Project
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 10_000;

    public Guid Id { get; set; }
    public Guid OwnerId { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public string Phase { get; set; } = ProjectPhases.Default;
    public string? LlmProvider { get; set; }
    public string? LlmModel { get; set; }

    /// <summary>JSON list of {provider, model} tried in order when the chosen model fails; see Llm/ProjectLlm.cs.</summary>
    public string? LlmFallbacks { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Raised by the database itself whenever one of the project's specifications is added, changed or deleted, by
    /// any path (see <see cref="Workspace.Context.ContentRevisionSchema"/>); the application never writes it.
    /// </summary>
    public long SpecificationsRevision { get; set; }

    /// <summary>As <see cref="SpecificationsRevision"/>, for the project's knowledge documents.</summary>
    public long DocumentsRevision { get; set; }

    /// <summary>A new project, created and last updated <paramref name="now"/>, in the default phase.</summary>
    public static Project New(Guid ownerId, string name, string description, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        OwnerId = ownerId,
        Name = name,
        Description = description,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
