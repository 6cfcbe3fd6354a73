using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Socrates.Api.Persistence.Migrations.Specs.Postgres
{
    /// <inheritdoc />
    public partial class AddPersonalTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "TokenId",
                table: "llm_usage",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_llm_usage_TokenId_CreatedAt",
                table: "llm_usage",
                columns: new[] { "TokenId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_llm_usage_TokenId_CreatedAt",
                table: "llm_usage");

            migrationBuilder.DropColumn(
                name: "TokenId",
                table: "llm_usage");
        }
    }
}
