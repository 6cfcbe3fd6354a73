using System.Text.Json;
using Socrates.Api.GitHub;

namespace Socrates.Api.Tests.GitHub;

public sealed class AnalyzeCommandTests
{
    [Fact]
    public async Task Analyze_a_local_git_repository_prints_json_without_ignored_files()
    {
        using var repository = TestRepository.Create(new()
        {
            [".gitignore"] = "bin/\n",
            ["main.py"] = "import flask\n",
            ["requirements.txt"] = "flask\n",
            ["README.md"] = "# Demo\n\nA demo service.\n",
        });
        repository.Write("bin/output.js", "console.log('build output');\n");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await AnalyzeCommand.RunAsync(["analyze", repository.Root, "--json"], output, error);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal("Python", Assert.Single(root.GetProperty("languages").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("Flask", root.GetProperty("frameworks")[0].GetProperty("name").GetString());
        Assert.Equal("A demo service.", root.GetProperty("description").GetString());
        Assert.Contains(root.GetProperty("specifications").EnumerateArray(), s => s.GetProperty("key").GetString() == "primary_language");
    }

    [Fact]
    public async Task Analyze_prints_a_readable_summary_by_default()
    {
        using var repository = TestRepository.Create(new() { ["main.go"] = "package main\n", ["go.mod"] = "module x\nrequire github.com/spf13/cobra v1.8.0\n" }, commit: false);
        var output = new StringWriter();

        Assert.Equal(0, await AnalyzeCommand.RunAsync(["analyze", repository.Root], output, new StringWriter()));
        Assert.Contains("Go", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Cobra", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Specifications an import would create", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "analyze" }, 2)]
    [InlineData(new[] { "analyze", "a", "b" }, 2)]
    [InlineData(new[] { "analyze", "file:///etc/passwd" }, 1)]
    [InlineData(new[] { "analyze", "https://127.0.0.1/o/r" }, 1)]
    public async Task Bad_arguments_and_rejected_urls_exit_non_zero_with_a_message(string[] args, int code)
    {
        var error = new StringWriter();
        Assert.Equal(code, await AnalyzeCommand.RunAsync(args, new StringWriter(), error));
        Assert.NotEmpty(error.ToString());
    }
}
