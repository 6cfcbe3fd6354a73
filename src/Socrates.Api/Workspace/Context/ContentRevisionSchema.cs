using Microsoft.EntityFrameworkCore.Migrations;

namespace Socrates.Api.Workspace.Context;

/// <summary>
/// Triggers that raise <c>projects.SpecificationsRevision</c> and <c>DocumentsRevision</c> on every insert, update and
/// delete of a specification or knowledge document, whatever path makes it (tracked entities, bulk updates, raw SQL,
/// another instance), so <see cref="ProjectContextCache"/> can tell by reading one row whether what it holds is current.
/// </summary>
public static class ContentRevisionSchema
{
    private static readonly (string Table, string Column)[] Revised =
    [
        ("specifications", "SpecificationsRevision"),
        ("knowledge_documents", "DocumentsRevision"),
    ];

    /// <summary>SQLite has one writer at a time, so a plain row trigger cannot wait on another transaction.</summary>
    public static void CreateOnSqlite(MigrationBuilder migration)
    {
        foreach (var (table, column) in Revised)
        {
            migration.Sql($"""
                CREATE TRIGGER {table}_revision_insert AFTER INSERT ON {table} BEGIN
                    UPDATE projects SET "{column}" = "{column}" + 1 WHERE "Id" = new."ProjectId";
                END;
                CREATE TRIGGER {table}_revision_update AFTER UPDATE ON {table} BEGIN
                    UPDATE projects SET "{column}" = "{column}" + 1 WHERE "Id" IN (old."ProjectId", new."ProjectId");
                END;
                CREATE TRIGGER {table}_revision_delete AFTER DELETE ON {table} BEGIN
                    UPDATE projects SET "{column}" = "{column}" + 1 WHERE "Id" = old."ProjectId";
                END;
                """);
        }
    }

    public static void DropOnSqlite(MigrationBuilder migration)
    {
        foreach (var (table, _) in Revised)
        {
            migration.Sql($"""
                DROP TRIGGER {table}_revision_insert;
                DROP TRIGGER {table}_revision_update;
                DROP TRIGGER {table}_revision_delete;
                """);
        }
    }

    /// <summary>
    /// BEFORE row triggers, so a transaction locks the project's row before it touches any of the project's rows or
    /// their unique index entries: two writers to one project then queue on that row instead of deadlocking over a
    /// key each inserted. A transaction raises a project's revision once, marked in a setting local to it (rolled back
    /// with it, or with a savepoint), which keeps a batch of thousands from piling thousands of row versions onto one
    /// project's row.
    /// </summary>
    public static void CreateOnPostgres(MigrationBuilder migration)
    {
        foreach (var (table, column) in Revised)
        {
            migration.Sql($$"""
                CREATE FUNCTION {{table}}_revision() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    project uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD."ProjectId" ELSE NEW."ProjectId" END;
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD."ProjectId" <> NEW."ProjectId" THEN
                        UPDATE projects SET "{{column}}" = "{{column}}" + 1 WHERE "Id" = OLD."ProjectId";
                    END IF;
                    IF current_setting('socrates.{{table}}_revised', true) IS DISTINCT FROM project::text THEN
                        UPDATE projects SET "{{column}}" = "{{column}}" + 1 WHERE "Id" = project;
                        PERFORM set_config('socrates.{{table}}_revised', project::text, true);
                    END IF;
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END $$;
                CREATE TRIGGER {{table}}_revision BEFORE INSERT OR UPDATE OR DELETE ON {{table}}
                    FOR EACH ROW EXECUTE FUNCTION {{table}}_revision();
                """);
        }
    }

    public static void DropOnPostgres(MigrationBuilder migration)
    {
        foreach (var (table, _) in Revised)
        {
            migration.Sql($"""
                DROP TRIGGER {table}_revision ON {table};
                DROP FUNCTION {table}_revision();
                """);
        }
    }
}
