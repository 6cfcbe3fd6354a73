using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Socrates.Api.Persistence.Migrations.Specs.Sqlite
{
    /// <inheritdoc />
    public partial class AddBudgetHolds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "llm_budget_holds",
                columns: table => new
                {
                    ReservationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BudgetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    EstimateNanos = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_llm_budget_holds", x => new { x.ReservationId, x.BudgetId });
                    table.ForeignKey(
                        name: "FK_llm_budget_holds_llm_budgets_BudgetId",
                        column: x => x.BudgetId,
                        principalTable: "llm_budgets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_llm_budget_holds_BudgetId",
                table: "llm_budget_holds",
                column: "BudgetId");

            migrationBuilder.CreateIndex(
                name: "IX_llm_budget_holds_ExpiresAt",
                table: "llm_budget_holds",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "llm_budget_holds");
        }
    }
}
