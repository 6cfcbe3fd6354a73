using System.Globalization;
using System.Text;

namespace Socrates.Api.Llm.Usage;

/// <summary>
/// One command for a batch of usage rows on SQLite: a multi-row INSERT into llm_usage, then one upsert per (user, day,
/// project, provider, model) into llm_usage_daily and per hour into llm_usage_hourly. Sent as one command it is one
/// round trip, where EF's SaveChanges plus an upsert per group would be several (and most of the writer's CPU). Values are
/// parameters ({0}, {1} ... for ExecuteSqlRaw). PostgreSQL gets <see cref="UsageBatchPostgres"/>'s prepared statement.
/// </summary>
internal static class UsageBatchSqlite
{
    /// <summary>The columns a usage row is inserted with, in the order both batch writers give their values.</summary>
    internal const string UsageColumns = """
        "UserId", "ProjectId", "Provider", "Model", "InputTokens", "OutputTokens", "CachedInputTokens",
            "CacheWriteTokens", "CostNanos", "LatencyMs", "Status", "ErrorKind", "CreatedAt", "Day", "ConversationId", "TokenId"
        """;

    /// <summary>The rollups' summed columns, in the order both batch writers give their values.</summary>
    internal const string Sums = """
        "Calls", "FailedCalls", "InputTokens", "OutputTokens", "CachedInputTokens", "CostNanos", "PricedCalls"
        """;

    /// <summary>The ON CONFLICT ... DO UPDATE SET list that adds a batch's sums to the rollup row <paramref name="table"/>.</summary>
    internal static string AddSums(string table) =>
        string.Join(", ", Sums.Split(',', StringSplitOptions.TrimEntries).Select(c => $"{c} = {table}.{c} + excluded.{c}"));

    public static (string Sql, object[] Arguments) Build(IReadOnlyList<LlmUsage> batch, JournalMark mark)
    {
        var sql = new StringBuilder();
        var arguments = new List<object>(batch.Count * 16);

        sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO llm_usage ({UsageColumns}) VALUES");
        for (var i = 0; i < batch.Count; i++)
        {
            var r = batch[i];
            sql.Append(i == 0 ? "\n" : ",\n");
            Values(sql, arguments, r.UserId, r.ProjectId, r.Provider, r.Model, r.InputTokens, r.OutputTokens, r.CachedInputTokens,
                r.CacheWriteTokens, r.CostNanos, r.LatencyMs, r.Status, r.ErrorKind, r.CreatedAt, r.Day, r.ConversationId, r.TokenId);
        }

        sql.Append(";\n");

        foreach (var day in batch.GroupBy(r => (r.UserId, r.Day, ProjectId: r.ProjectId ?? Guid.Empty, r.Provider, r.Model)))
        {
            Upsert(sql, arguments, "llm_usage_daily", """ "UserId", "Day", "ProjectId", "Provider", "Model" """,
                [day.Key.UserId, day.Key.Day, day.Key.ProjectId, day.Key.Provider, day.Key.Model], day);
        }

        foreach (var hour in batch.GroupBy(r => (r.UserId, Hour: LlmUsageHourly.HourOf(r.CreatedAt), ProjectId: r.ProjectId ?? Guid.Empty, r.Provider, r.Model)))
        {
            // "Day" is not part of the hourly key: it is the hour's day, stored for grouping.
            Upsert(sql, arguments, "llm_usage_hourly", """ "UserId", "Hour", "ProjectId", "Provider", "Model" """,
                [hour.Key.UserId, hour.Key.Hour, hour.Key.ProjectId, hour.Key.Provider, hour.Key.Model], hour,
                ("Day", DateOnly.FromDateTime(hour.Key.Hour)));
        }

        // In the batch's transaction: the rows and the journal's mark (UsageJournal) are committed together or not at all.
        sql.Append("INSERT INTO usage_journal_marks (\"JournalId\", \"Seq\") VALUES ");
        Values(sql, arguments, mark.JournalId, mark.Seq);
        sql.Append("\nON CONFLICT (\"JournalId\") DO UPDATE SET \"Seq\" = excluded.\"Seq\";\n");
        return (sql.ToString(), [.. arguments]);
    }

    private static void Upsert(
        StringBuilder sql, List<object> arguments, string table, string key, object[] keyValues, IEnumerable<LlmUsage> rows,
        (string Column, object Value)? extra = null)
    {
        var list = rows as IReadOnlyCollection<LlmUsage> ?? [.. rows];
        var extraColumn = extra is { } e ? $", \"{e.Column}\"" : "";
        sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO {table} ({key.Trim()}{extraColumn}, {Sums.Trim()}) VALUES ");
        object?[] values =
        [
            .. keyValues,
            .. extra is { } x ? new[] { x.Value } : [],
            (long)list.Count,
            (long)list.Count(r => r.Status != UsageStatus.Ok),
            list.Sum(r => r.InputTokens),
            list.Sum(r => r.OutputTokens),
            list.Sum(r => r.CachedInputTokens),
            list.Sum(r => r.CostNanos ?? 0),
            (long)list.Count(r => r.CostNanos != null),
        ];
        Values(sql, arguments, values);
        sql.Append(CultureInfo.InvariantCulture, $"\nON CONFLICT ({key.Trim()}) DO UPDATE SET ");
        sql.Append(AddSums(table));
        sql.Append(";\n");
    }

    private static void Values(StringBuilder sql, List<object> arguments, params object?[] values)
    {
        sql.Append('(');
        for (var i = 0; i < values.Length; i++)
        {
            sql.Append(i == 0 ? "" : ", ");
            if (values[i] is { } value)
            {
                sql.Append(CultureInfo.InvariantCulture, $"{{{arguments.Count}}}");
                arguments.Add(value);
            }
            else
            {
                // EF maps a parameter's type from its value, and a null has none.
                sql.Append("NULL");
            }
        }

        sql.Append(')');
    }
}
