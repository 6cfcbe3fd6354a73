using System.Reflection;

namespace Socrates.Cli;

/// <summary>The texts of --help and --version.</summary>
public static class Usage
{
    public const string General = """
        socrates: what a repository is made of, read from its files.

        Usage:
          socrates analyze [PATH] [--json]   analyse a local folder (default: the current one)
          socrates help [COMMAND]            show this text, or a command's
          socrates --version                 print the version

        Exit codes: 0 done, 1 the analysis failed, 2 bad arguments.
        """;

    public const string Analyze = """
        Usage: socrates analyze [PATH] [--json]

        Reports the languages (as GitHub Linguist counts them), every dependency each manifest declares with
        its version constraint, lock-file version and role, frameworks, tests, CI, containers and licences.

          PATH        a folder, relative to the current one (default: .). In a git work tree only the files
                      git tracks or would add are read; elsewhere .gitignore files apply, and build output
                      (bin/ and obj/ beside a project, target/, node_modules/) is skipped.
          --json      print only JSON on stdout; messages go to stderr
          -h, --help  show this text

        Exit codes: 0 done, 1 the analysis failed, 2 bad arguments.
        """;

    public static string Version =>
        typeof(Usage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
