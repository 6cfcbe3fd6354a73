namespace Socrates.Api;

/// <summary>`--help` for the server's own command line, so asking for help never starts the web server.</summary>
public static class ServerUsage
{
    public const string Text = """
        Socrates server.

        Usage:
          dotnet run --project src/Socrates.Api                      serve the API and the web app
          dotnet run --project src/Socrates.Api -- analyze PATH_OR_URL [--json]
                                                                     what an import would extract (a URL is fetched)
          dotnet run --project src/Socrates.Api -- rotate-keys       re-encrypt stored API keys under the active master key

        For local folders the standalone tool starts faster: dotnet run --project src/Socrates.Cli -- analyze PATH
        """;

    public static bool Handles(string[] args) => args is ["--help" or "-h" or "help"];
}
