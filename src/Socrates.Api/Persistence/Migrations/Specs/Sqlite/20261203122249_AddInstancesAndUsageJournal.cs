using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Socrates.Api.Persistence.Migrations.Specs.Sqlite
{
    /// <inheritdoc />
    public partial class AddInstancesAndUsageJournal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "InstanceId",
                table: "llm_budget_holds",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateTable(
                name: "server_instances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_server_instances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "usage_journal_marks",
                columns: table => new
                {
                    JournalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_journal_marks", x => x.JournalId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "server_instances");

            migrationBuilder.DropTable(
                name: "usage_journal_marks");

            migrationBuilder.DropColumn(
                name: "InstanceId",
                table: "llm_budget_holds");
        }
    }
}
