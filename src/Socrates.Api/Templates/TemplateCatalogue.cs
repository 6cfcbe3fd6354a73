using System.Text.Json;
using Socrates.Api.Specifications;

namespace Socrates.Api.Templates;

/// <summary>
/// The built-in templates, shipped as one JSON file each in Templates/Builtin and read once at start-up; a file
/// that cannot be read stops the server rather than silently dropping a template.
/// </summary>
public sealed class TemplateCatalogue
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public TemplateCatalogue(IReadOnlyList<ProjectTemplate> templates) => BuiltIn = templates;

    public IReadOnlyList<ProjectTemplate> BuiltIn { get; }

    public ProjectTemplate? Find(string id) => BuiltIn.FirstOrDefault(t => t.Id == id);

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "Templates", "Builtin");

    public static TemplateCatalogue Load(string folder)
    {
        var templates = new List<ProjectTemplate>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var file = JsonSerializer.Deserialize<BuiltInFile>(File.ReadAllText(path), Json)
                    ?? throw new InvalidOperationException("The file is empty.");
                templates.Add(Create(file.Id, file.Name, file.Description, true, new TemplateContent(file.Specifications, file.OpenQuestions), null));
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                throw new InvalidOperationException($"The template file '{path}' cannot be read: {e.Message}", e);
            }
        }

        return new TemplateCatalogue(templates);
    }

    /// <summary>A template with its categories listed in the order specifications are usually written.</summary>
    public static ProjectTemplate Create(string id, string name, string description, bool builtIn, TemplateContent content, DateTime? createdAt)
    {
        var specs = content.Specifications
            .Select(s => s with { Category = SpecificationText.Category(s.Category) })
            .ToList();
        var categories = specs.Select(s => s.Category).Distinct()
            .OrderBy(Projects.CategoryOrder.Rank).ThenBy(c => c, StringComparer.Ordinal).ToList();
        return new ProjectTemplate(id, name, description, builtIn, categories, specs, content.OpenQuestions, createdAt);
    }

    private sealed record BuiltInFile(
        string Id, string Name, string Description, List<TemplateSpecification> Specifications, List<string> OpenQuestions);
}
