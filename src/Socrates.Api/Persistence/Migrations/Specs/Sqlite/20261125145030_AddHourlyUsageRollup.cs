using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Socrates.Api.Persistence.Migrations.Specs.Sqlite
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
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hour = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Calls = table.Column<long>(type: "INTEGER", nullable: false),
                    FailedCalls = table.Column<long>(type: "INTEGER", nullable: false),
                    InputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CachedInputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CostNanos = table.Column<long>(type: "INTEGER", nullable: false),
                    PricedCalls = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_llm_usage_hourly", x => new { x.UserId, x.Hour, x.ProjectId, x.Provider, x.Model });
                });

            // Usage recorded before this migration: the same sums UsageWriter upserts, hour by hour. EF stores a DateTime
            // as 'yyyy-MM-dd HH:mm:ss.FFFFFFF' text (no fraction when it is zero), so a whole hour reads 'yyyy-MM-dd HH:00:00'
            // and the writer's later upserts for the same hour hit these rows.
            migrationBuilder.Sql("""
                INSERT INTO llm_usage_hourly ("UserId", "Hour", "Day", "ProjectId", "Provider", "Model", "Calls", "FailedCalls",
                    "InputTokens", "OutputTokens", "CachedInputTokens", "CostNanos", "PricedCalls")
                SELECT "UserId", strftime('%Y-%m-%d %H:00:00', "CreatedAt"), date("CreatedAt"),
                    COALESCE("ProjectId", '00000000-0000-0000-0000-000000000000'), "Provider", "Model",
                    count(*), sum("Status" <> 'ok'), sum("InputTokens"), sum("OutputTokens"),
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
