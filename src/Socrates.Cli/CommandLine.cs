namespace Socrates.Cli;

/// <summary>Reads the arguments, runs the command, and turns every outcome into an exit code and a message.</summary>
public static class CommandLine
{
    public static async Task<int> RunAsync(string[] args, Terminal terminal, CancellationToken ct)
    {
        switch (args)
        {
            case []:
                await terminal.Error.WriteAsync(Usage.General);
                return ExitCodes.BadArguments;
            case ["help" or "--help" or "-h"]:
                await terminal.Out.WriteAsync(Usage.General);
                return ExitCodes.Done;
            case ["help", "analyze"]:
                await terminal.Out.WriteAsync(Usage.Analyze);
                return ExitCodes.Done;
            case ["--version" or "version"]:
                await terminal.Out.WriteLineAsync(Usage.Version);
                return ExitCodes.Done;
            case ["analyze", .. var rest]:
                return await AnalyzeCommand.RunAsync(rest, terminal, ct);
            default:
                return await BadArgumentsAsync(terminal, $"unknown command '{args[0]}'.", "--help");
        }
    }

    internal static async Task<int> BadArgumentsAsync(Terminal terminal, string problem, string helpFor)
    {
        await terminal.Error.WriteLineAsync($"socrates: {problem} Run 'socrates {helpFor}' for usage.");
        return ExitCodes.BadArguments;
    }
}
