using System.Text.Json;
using Socrates.Api.Tests.GitHub;
using Socrates.Cli;

namespace Socrates.Api.Tests.Cli;

/// <summary>The standalone `socrates` command: arguments, streams and exit codes as a shell user expects them.</summary>
public sealed class CommandLineTests
{
    private static async Task<(int Exit, string Out, string Error)> RunAsync(string workingDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, new Terminal(output, error, workingDirectory, StderrIsTerminal: false), CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_relative_path_is_read_from_the_callers_folder_and_json_is_all_that_stdout_holds()
    {
        using var repository = TestRepository.Create(new()
        {
            ["service/main.py"] = "import flask\n",
            ["service/requirements.txt"] = "flask==3.0.0\n",
            ["other/main.go"] = "package main\n",
        });

        var (exit, output, error) = await RunAsync(repository.Root, "analyze", "service", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(Path.Combine(repository.Root, "service"), json.RootElement.GetProperty("source").GetProperty("location").GetString());
        Assert.Equal("Python", Assert.Single(json.RootElement.GetProperty("languages").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Without_a_path_the_current_folder_is_analysed()
    {
        using var repository = TestRepository.Create(new() { ["main.go"] = "package main\n" }, commit: false);

        var (exit, output, _) = await RunAsync(repository.Root, "analyze");

        Assert.Equal(0, exit);
        Assert.Contains("Go", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ignored_files_in_a_git_work_tree_are_not_read_even_from_a_sub_folder()
    {
        using var repository = TestRepository.Create(new()
        {
            [".gitignore"] = "generated/\n",
            ["app/lib.rb"] = "puts 1\n",
        });
        repository.Write("app/generated/big.js", string.Concat(Enumerable.Repeat("console.log(1);\n", 200)));

        var (exit, output, _) = await RunAsync(repository.Root, "analyze", "app", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("Ruby", Assert.Single(json.RootElement.GetProperty("languages").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Outside_git_gitignore_patterns_and_build_output_are_skipped()
    {
        using var repository = TestRepository.Create(new()
        {
            [".gitignore"] = "*.log\ncache/\n!keep.log\n",
            ["App/App.csproj"] = "<Project Sdk=\"Microsoft.NET.Sdk\" />\n",
            ["App/Program.cs"] = "System.Console.WriteLine(1);\n",
            ["App/bin/Debug/gen.js"] = "console.log(1);\n",
            ["App/obj/x.py"] = "print(1)\n",
            ["cache/a.rb"] = "puts 1\n",
            ["bin/tool.sh"] = "#!/bin/sh\necho 1\n",
            ["debug.log"] = "noise\n",
        }, commit: false);

        var (exit, output, _) = await RunAsync(repository.Root, "analyze", ".", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var languages = json.RootElement.GetProperty("languages").EnumerateArray().Select(l => l.GetProperty("name").GetString()).Order().ToList();
        // bin/ beside no project file is a script folder, not build output.
        Assert.Equal(["C#", "Shell"], languages);
        Assert.Equal(4, json.RootElement.GetProperty("files").GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_goes_to_stdout_and_exits_zero(string flag)
    {
        var (exit, output, error) = await RunAsync(Path.GetTempPath(), flag);

        Assert.Equal(0, exit);
        Assert.Contains("socrates analyze [PATH] [--json]", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Analyze_help_and_version_exit_zero()
    {
        Assert.Contains("--json", (await RunAsync(Path.GetTempPath(), "analyze", "--help")).Out, StringComparison.Ordinal);
        var (exit, output, _) = await RunAsync(Path.GetTempPath(), "--version");
        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Theory]
    [InlineData("")]
    [InlineData("serve")]
    [InlineData("analyze --jsn")]
    [InlineData("analyze a b")]
    [InlineData("analyze no-such-folder")]
    [InlineData("analyze https://github.com/o/r")]
    public async Task Bad_arguments_exit_2_with_a_message_on_stderr_only(string commandLine)
    {
        var (exit, output, error) = await RunAsync(Path.GetTempPath(), commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.NotEmpty(error);
    }

    [Fact]
    public async Task A_file_instead_of_a_folder_is_a_bad_argument_that_says_so()
    {
        using var repository = TestRepository.Create(new() { ["a.py"] = "print(1)\n" }, commit: false);

        var (exit, _, error) = await RunAsync(repository.Root, "analyze", "a.py");

        Assert.Equal(2, exit);
        Assert.Contains("is a file", error, StringComparison.Ordinal);
    }
}
