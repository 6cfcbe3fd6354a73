namespace Socrates.Cli;

/// <summary>The process: the real console, Ctrl+C as cancellation, and the exit code <see cref="CommandLine"/> decides.</summary>
internal static class EntryPoint
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops the analysis cleanly; a second one ends the process as usual.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };

        var terminal = new Terminal(Console.Out, Console.Error, Environment.CurrentDirectory, StderrIsTerminal: !Console.IsErrorRedirected);
        return await CommandLine.RunAsync(args, terminal, cancel.Token);
    }
}
