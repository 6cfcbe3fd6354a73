using Microsoft.EntityFrameworkCore.Migrations;
using Socrates.Api.Workspace.Context;

#nullable disable

namespace Socrates.Api.Persistence.Migrations.Specs.Sqlite
{
    /// <inheritdoc />
    public partial class AddContentRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DocumentsRevision",
                table: "projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "SpecificationsRevision",
                table: "projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            ContentRevisionSchema.CreateOnSqlite(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ContentRevisionSchema.DropOnSqlite(migrationBuilder);

            migrationBuilder.DropColumn(
                name: "DocumentsRevision",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "SpecificationsRevision",
                table: "projects");
        }
    }
}
