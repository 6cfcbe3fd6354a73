namespace Socrates.Api.Files;

/// <summary>A file's language from its extension, for when the caller does not say.</summary>
public static class Languages
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".cs"] = "csharp", [".fs"] = "fsharp", [".py"] = "python", [".js"] = "javascript", [".mjs"] = "javascript",
        [".jsx"] = "javascript", [".ts"] = "typescript", [".tsx"] = "typescript", [".go"] = "go", [".rs"] = "rust",
        [".java"] = "java", [".kt"] = "kotlin", [".swift"] = "swift", [".rb"] = "ruby", [".php"] = "php",
        [".c"] = "c", [".h"] = "c", [".cpp"] = "cpp", [".hpp"] = "cpp", [".cc"] = "cpp", [".sql"] = "sql",
        [".html"] = "html", [".css"] = "css", [".scss"] = "scss", [".md"] = "markdown", [".json"] = "json",
        [".yaml"] = "yaml", [".yml"] = "yaml", [".toml"] = "toml", [".xml"] = "xml", [".csproj"] = "xml",
        [".sh"] = "shell", [".ps1"] = "powershell", [".dockerfile"] = "dockerfile",
    };

    public static string FromPath(string path)
    {
        var name = Path.GetFileName(path);
        if (name.Equals("Dockerfile", StringComparison.OrdinalIgnoreCase))
        {
            return "dockerfile";
        }

        return ByExtension.TryGetValue(Path.GetExtension(name), out var language) ? language : "text";
    }
}
