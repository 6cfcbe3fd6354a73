using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Socrates.Api.Persistence.Migrations.Specs.Postgres
{
    /// <inheritdoc />
    public partial class AddHourlyUsageRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "llm_usage_hourly",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Hour = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Model = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Calls = table.Column<long>(type: "bigint", nullable: false),
                    FailedCalls = table.Column<long>(type: "bigint", nullable: false),
                    InputTokens = table.Column<long>(type: "bigint", nullable: false),
                    OutputTokens = table.Column<long>(type: "bigint", nullable: false),
                    CachedInputTokens = table.Column<long>(type: "bigint", nullable: false),
                    CostNanos = table.Column<long>(type: "bigint", nullable: false),
                    PricedCalls = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_llm_usage_hourly", x => new { x.UserId, x.Hour, x.ProjectId, x.Provider, x.Model });
                });

            // Usage recorded before this migration: the same sums UsageWriter upserts, hour by hour. The hour is cut in
            // UTC whatever the session's time zone.
            migrationBuilder.Sql("""
                INSERT INTO llm_usage_hourly ("UserId", "Hour", "Day", "ProjectId", "Provider", "Model", "Calls", "FailedCalls",
                    "InputTokens", "OutputTokens", "CachedInputTokens", "CostNanos", "PricedCalls")
                SELECT "UserId", date_trunc('hour', "CreatedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                    date_trunc('hour', "CreatedAt" AT TIME ZONE 'UTC')::date,
                    COALESCE("ProjectId", '00000000-0000-0000-0000-000000000000'), "Provider", "Model",
                    count(*), count(*) FILTER (WHERE "Status" <> 'ok'), sum("InputTokens"), sum("OutputTokens"),
                    sum("CachedInputTokens"), COALESCE(sum("CostNanos"), 0), count("CostNanos")
                FROM llm_usage
                GROUP BY 1, 2, 3, 4, 5, 6
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "llm_usage_hourly");
        }
    }
}
