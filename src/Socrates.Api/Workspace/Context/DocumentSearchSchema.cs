using Microsoft.EntityFrameworkCore.Migrations;

namespace Socrates.Api.Workspace.Context;

/// <summary>
/// The full-text indexes behind <see cref="DocumentSearch"/>, which EF's model does not describe, so migrations
/// create them in SQL. Only a document's first <see cref="IndexedCharacters"/> characters are indexed: PostgreSQL
/// refuses a tsvector over 1 MB, and a document's opening says what it is about.
/// </summary>
public static class DocumentSearchSchema
{
    public const int IndexedCharacters = 100_000;

    /// <summary>
    /// An FTS5 table with its own rowids, mapped to document ids by a table with an INTEGER PRIMARY KEY, so a
    /// VACUUM (which may renumber the documents' implicit rowids) cannot unlink them and a delete finds its row by key.
    /// </summary>
    public static void CreateOnSqlite(MigrationBuilder migration)
    {
        migration.Sql($"""
            CREATE TABLE knowledge_documents_fts_ids (rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE);
            CREATE VIRTUAL TABLE knowledge_documents_fts USING fts5(project_id UNINDEXED, title, content, tokenize = 'porter unicode61');
            CREATE TRIGGER knowledge_documents_fts_insert AFTER INSERT ON knowledge_documents BEGIN
                INSERT INTO knowledge_documents_fts_ids (document_id) VALUES (new."Id");
                INSERT INTO knowledge_documents_fts (rowid, project_id, title, content)
                VALUES (last_insert_rowid(), new."ProjectId", new."Title", substr(new."Content", 1, {IndexedCharacters}));
            END;
            CREATE TRIGGER knowledge_documents_fts_delete AFTER DELETE ON knowledge_documents BEGIN
                DELETE FROM knowledge_documents_fts WHERE rowid = (SELECT rowid FROM knowledge_documents_fts_ids WHERE document_id = old."Id");
                DELETE FROM knowledge_documents_fts_ids WHERE document_id = old."Id";
            END;
            CREATE TRIGGER knowledge_documents_fts_update AFTER UPDATE OF "Title", "Content", "ProjectId" ON knowledge_documents BEGIN
                UPDATE knowledge_documents_fts SET project_id = new."ProjectId", title = new."Title", content = substr(new."Content", 1, {IndexedCharacters})
                WHERE rowid = (SELECT rowid FROM knowledge_documents_fts_ids WHERE document_id = old."Id");
            END;
            INSERT INTO knowledge_documents_fts_ids (document_id) SELECT "Id" FROM knowledge_documents;
            INSERT INTO knowledge_documents_fts (rowid, project_id, title, content)
            SELECT i.rowid, d."ProjectId", d."Title", substr(d."Content", 1, {IndexedCharacters})
            FROM knowledge_documents d JOIN knowledge_documents_fts_ids i ON i.document_id = d."Id";
            """);
    }

    public static void DropOnSqlite(MigrationBuilder migration) => migration.Sql("""
        DROP TRIGGER knowledge_documents_fts_insert;
        DROP TRIGGER knowledge_documents_fts_delete;
        DROP TRIGGER knowledge_documents_fts_update;
        DROP TABLE knowledge_documents_fts;
        DROP TABLE knowledge_documents_fts_ids;
        """);

    /// <summary>A generated column PostgreSQL keeps current by itself, titles weighted above content, and its GIN index.</summary>
    public static void CreateOnPostgres(MigrationBuilder migration) => migration.Sql($"""
        ALTER TABLE knowledge_documents ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', "Title"), 'A') || to_tsvector('english', left("Content", {IndexedCharacters}))) STORED;
        CREATE INDEX ix_knowledge_documents_search ON knowledge_documents USING GIN (search);
        """);

    public static void DropOnPostgres(MigrationBuilder migration) => migration.Sql("""
        DROP INDEX ix_knowledge_documents_search;
        ALTER TABLE knowledge_documents DROP COLUMN search;
        """);
}
