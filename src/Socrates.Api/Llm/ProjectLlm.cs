using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Llm;

/// <summary>A project's model choice: the one it set, or the configured default, then its fallbacks.</summary>
public static class ProjectLlm
{
    public const int MaxFallbacks = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ChatRoute Primary(Project project, LlmOptions options) =>
        project.LlmProvider is { Length: > 0 } provider && project.LlmModel is { Length: > 0 } model
            ? new ChatRoute(provider, model)
            : new ChatRoute(options.DefaultProvider, options.DefaultModel);

    public static IReadOnlyList<ChatRoute> Fallbacks(Project project) =>
        string.IsNullOrEmpty(project.LlmFallbacks) ? [] : JsonSerializer.Deserialize<List<ChatRoute>>(project.LlmFallbacks, Json) ?? [];

    public static IReadOnlyList<ChatRoute> Routes(Project project, LlmOptions options) => [Primary(project, options), .. Fallbacks(project)];

    public static string? Serialize(IReadOnlyList<ChatRoute> fallbacks) =>
        fallbacks.Count == 0 ? null : JsonSerializer.Serialize(fallbacks, Json);
}

public sealed class ProjectLlmConfiguration : IEntityTypeConfiguration<Project>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<Project> builder) =>
        builder.Property(p => p.LlmFallbacks).HasMaxLength(2000);
}
