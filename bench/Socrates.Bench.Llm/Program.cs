using System.Globalization;

namespace Socrates.Bench.Llm;

/// <summary>
/// Figures for the LLM gateway's performance goals, printed, never asserted. Arguments: [all|overhead|workspace|context|conversation|stats] [rows].
/// PostgreSQL from SOCRATES_BENCH_POSTGRES (or SOCRATES_TEST_POSTGRES): a server connection string without a database.
/// </summary>
internal static class BenchMain
{
    public static async Task Main(string[] args)
    {
        var server = Environment.GetEnvironmentVariable("SOCRATES_BENCH_POSTGRES")
            ?? Environment.GetEnvironmentVariable("SOCRATES_TEST_POSTGRES")
            ?? "Host=127.0.0.1;Username=postgres;Password=postgres";
        var what = args.FirstOrDefault() ?? "all";
        if (what == BareProxy.Command)
        {
            await BareProxy.RunAsync(new Uri(args[1]));
            return;
        }

        if (what is "all" or "overhead")
        {
            await GatewayOverhead.RunAsync(server);
        }

        if (what is "all" or "workspace" or "context")
        {
            await ContextBuildBench.RunAsync(server);
        }

        if (what is "all" or "workspace" or "conversation")
        {
            await ConversationBench.RunAsync(server);
        }

        if (what is "all" or "stats")
        {
            await UsageStatsBench.RunAsync(server, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
        }
    }
}
