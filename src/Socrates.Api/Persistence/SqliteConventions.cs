using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Socrates.Api.Persistence;

internal static class SqliteConventions
{
    /// <summary>
    /// SQLite has no time zone type: values come back with DateTimeKind.Unspecified.
    /// Every timestamp we store is UTC, so say so on the way out, as PostgreSQL's timestamptz does.
    /// </summary>
    public static void Apply(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
