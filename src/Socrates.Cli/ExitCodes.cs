namespace Socrates.Cli;

/// <summary>The process exit codes, as documented in --help.</summary>
public static class ExitCodes
{
    public const int Done = 0;
    public const int AnalysisFailed = 1;
    public const int BadArguments = 2;
}
