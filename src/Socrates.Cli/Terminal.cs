namespace Socrates.Cli;

/// <summary>What the command line talks to: its two streams, the caller's folder, and whether a person watches stderr.</summary>
public sealed record Terminal(TextWriter Out, TextWriter Error, string WorkingDirectory, bool StderrIsTerminal);
