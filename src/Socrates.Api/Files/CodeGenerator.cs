using System.Globalization;
using System.Text.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Socrates.Api.Files;
using Socrates.Api.Http;
using Socrates.Api.Llm.Calls;
using Socrates.Api.Persistence;
using Socrates.Api.Projects;

namespace Socrates.Api.Files;

/// <summary>The structured output the model is asked for.</summary>
public sealed record GeneratedCode(IReadOnlyList<GeneratedCodeFile>? Files);

public sealed record GeneratedCodeFile(string? Path, string? Language, string? Content);

/// <summary>
/// Phase-4 code generation: the project's specifications go to its model with a JSON schema for the answer;
/// the files that come back are checked (paths through <see cref="CodePath"/>) and stored all or nothing.
/// </summary>
public static class CodeGenerator
{
    public const int MaxFiles = 200;
    public const int MaxOutputTokens = 16_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static ChatOptions Options() => new()
    {
        MaxOutputTokens = MaxOutputTokens,
        ResponseFormat = ChatResponseFormat.ForJsonSchema<GeneratedCode>(Json, "generated_code", "The project's source files."),
    };

    public static List<ChatMessage> Prompt(Project project, IEnumerable<(string Category, string Key, string Value)> specifications)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Project: {project.Name}")
            .AppendLine(CultureInfo.InvariantCulture, $"Description: {project.Description}")
            .AppendLine()
            .AppendLine("Specifications (category / key: value):");
        foreach (var (category, key, value) in specifications)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {category} / {key}: {value}");
        }

        return
        [
            new(ChatRole.System,
                "You are a senior software engineer. Write the source files that implement the project described by the user's " +
                "specifications. Answer only with JSON of the form {\"files\": [{\"path\": \"relative/path.ext\", \"language\": \"...\", " +
                "\"content\": \"...\"}]}. Paths are relative to the project root and use '/'."),
            new(ChatRole.User, text.ToString()),
        ];
    }

    /// <summary>Reads and checks the model's answer; the error says what was wrong with it.</summary>
    public static bool TryParse(string text, out List<(string Path, string Language, string Content)> files, out string error)
    {
        files = [];
        GeneratedCode? code;
        try
        {
            code = JsonSerializer.Deserialize<GeneratedCode>(ModelJson.StripFence(text), Json);
        }
        catch (JsonException e)
        {
            error = $"The model's answer is not the JSON asked for ({e.Message}).";
            return false;
        }

        if (code?.Files is not { Count: > 0 } proposed)
        {
            error = "The model's answer contains no files.";
            return false;
        }

        if (proposed.Count > MaxFiles)
        {
            error = $"The model proposed {proposed.Count} files; at most {MaxFiles} are accepted.";
            return false;
        }

        var problems = new List<string>();
        var byPath = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        foreach (var file in proposed)
        {
            if (!CodePath.TryNormalize(file?.Path, out var path, out var why))
            {
                problems.Add(why);
                continue;
            }

            // The model's text follows the rules a user's does (TextRules): no NUL anywhere, no control characters in a language.
            if (file!.Content is { } content && TextRules.Problem("content", content, TextKind.Multiline) is not null)
            {
                problems.Add($"'{path}' holds a NUL character (U+0000).");
                continue;
            }

            var language = TextRules.IsVisible(file.Language) && TextRules.Problem("language", file.Language!, TextKind.Line) is null
                ? TextRules.Trim(file.Language!).ToLowerInvariant()
                : Languages.FromPath(path);
            byPath[path] = (path, language.Length > PutFileRequest.MaxLanguageLength ? Languages.FromPath(path) : language, file.Content ?? "");
        }

        if (problems.Count > 0)
        {
            error = "The model proposed paths that cannot be used, so nothing was saved: " + string.Join(" ", problems);
            return false;
        }

        files = [.. byPath.Values];
        error = "";
        return true;
    }

    /// <summary>Replaces files by path and adds new ones, in one transaction; a file/folder clash (409) saves none.</summary>
    public static async Task<List<GeneratedFile>> StoreAsync(
        SpecsDb db, Project project, List<(string Path, string Language, string Content)> files, DateTime now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var paths = files.Select(f => f.Path).ToList();
        await PathClash.CheckLockedAsync(db, project.Id, paths, now, ct);
        var existing = await db.Files.Where(f => f.ProjectId == project.Id && paths.Contains(f.Path)).ToDictionaryAsync(f => f.Path, ct);
        var stored = new List<GeneratedFile>();
        foreach (var (path, language, content) in files)
        {
            if (!existing.TryGetValue(path, out var file))
            {
                file = new GeneratedFile { Id = Guid.CreateVersion7(), ProjectId = project.Id, Path = path, Content = "", Language = language, CreatedAt = now };
                db.Files.Add(file);
            }

            file.Content = content;
            file.Language = language;
            file.UpdatedAt = now;
            stored.Add(file);
        }

        project.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return stored;
    }
}
