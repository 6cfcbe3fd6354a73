using System.IO.Compression;
using Socrates.Api.Export;

namespace Socrates.Api.Tests.Export;

public sealed class CodeZipTests
{
    [Fact]
    public void The_same_project_gives_the_same_bytes_with_sorted_entries_and_fixed_times()
    {
        var export = ExportSamples.Large(50, 2, 30);
        var first = CodeZipExporter.Render(export);
        var second = CodeZipExporter.Render(export with { ExportedAt = DateTime.UtcNow });

        Assert.Equal(first, second);
        using var zip = new ZipArchive(new MemoryStream(first));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.All(zip.Entries, e => Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime));
        Assert.Contains("SPECIFICATIONS.md", names);
        Assert.Contains("README.md", names);
        Assert.Equal(32, names.Count);
    }

    [Fact]
    public void Files_keep_their_paths_and_content_and_the_specification_is_the_Markdown_export()
    {
        var export = ExportSamples.Hostile();
        using var zip = new ZipArchive(new MemoryStream(CodeZipExporter.Render(export)));

        Assert.Equal("print('hi')\n", Read(zip, "src/main.py"));
        // The project generated its own README.md, which keeps the name; Socrates' steps aside.
        Assert.Equal("# generated readme\n", Read(zip, "README.md"));
        Assert.Contains("SPECIFICATIONS.md", Read(zip, "SOCRATES_README.md"), StringComparison.Ordinal);
        Assert.Equal(MarkdownExporter.Render(export), Read(zip, "SPECIFICATIONS.md"));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("\\windows\\system32")]
    [InlineData("C:/temp/x")]
    [InlineData("a/../../b")]
    public void No_entry_can_land_outside_the_extraction_folder(string hostile)
    {
        var export = ExportSamples.Project("Z", "", [], [], [new ExportedFile(Guid.NewGuid(), hostile, "text", "x", ExportSamples.Time, ExportSamples.Time)]);
        using var zip = new ZipArchive(new MemoryStream(CodeZipExporter.Render(export)));

        var target = Path.Combine(Path.GetTempPath(), "extract-" + Guid.NewGuid().ToString("N"));
        Assert.All(zip.Entries, e =>
        {
            Assert.DoesNotContain("..", e.FullName.Split('/'));
            Assert.False(e.FullName.StartsWith('/') || e.FullName.StartsWith('\\') || e.FullName.Contains(':', StringComparison.Ordinal), e.FullName);
            Assert.StartsWith(target + Path.DirectorySeparatorChar, Path.GetFullPath(Path.Combine(target, e.FullName)), StringComparison.Ordinal);
        });
        Assert.Equal(["README.md", "SPECIFICATIONS.md"], zip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public void Names_that_differ_only_in_case_get_distinct_entries()
    {
        var export = ExportSamples.Project("Z", "", [], [],
        [
            new ExportedFile(Guid.NewGuid(), "Src/App.cs", "csharp", "upper", ExportSamples.Time, ExportSamples.Time),
            new ExportedFile(Guid.NewGuid(), "src/app.cs", "csharp", "lower", ExportSamples.Time, ExportSamples.Time),
        ]);
        using var zip = new ZipArchive(new MemoryStream(CodeZipExporter.Render(export)));

        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("upper", Read(zip, "Src/App.cs"));
        Assert.Equal("lower", Read(zip, "src/app~2.cs"));
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
