using System.Globalization;

namespace Socrates.Bench.Llm;

/// <summary>
/// How many database commands a Socrates server has sent so far, from its own Prometheus scrape: the count of Npgsql's
/// <c>db.client.operation.duration</c> histogram over every data source (EF's and the rate counters' alike). Read
/// around a path's calls, it says how many round trips each call cost, shared batches included.
/// </summary>
internal static class DatabaseCommands
{
    private const string Metric = "db_client_operation_duration_seconds_count";

    public static async Task<double> CountAsync(HttpClient socrates)
    {
        var text = await socrates.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith(Metric, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
