using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Socrates.Api.Persistence;

/// <summary>
/// Rows written by one SQL command built from the EF model (table and column names, each column's type mapping with
/// its converter), for a hot path where EF's update pipeline costs more than the database's work: it tracks the
/// entities, orders the statements by their foreign keys and, on SQLite, sends one command a row. Rows are written
/// whole, in the order added, so parents go first. All or nothing: SQLite runs the statements in a transaction (the
/// caller's, or one of their own), and PostgreSQL receives them as one batch, one implicit transaction in one round trip.
/// Errors are the provider's own exceptions (see <see cref="Http.DbErrors"/>), not EF's DbUpdateException.
/// </summary>
public sealed class RowWrites(DbContext db)
{
    private readonly StringBuilder _sql = new();
    private readonly List<DbParameter> _parameters = [];
    private readonly DbCommand _parameterFactory = db.Database.GetDbConnection().CreateCommand();

    /// <summary>Inserts every row given, as one statement.</summary>
    public RowWrites Insert<T>(IEnumerable<T> rows)
        where T : class
    {
        var table = Table.Of(db, typeof(T));
        var first = true;
        foreach (var row in rows)
        {
            _sql.Append(first ? table.InsertInto : ", ").Append('(');
            for (var i = 0; i < table.Columns.Count; i++)
            {
                _sql.Append(i == 0 ? "" : ", ").Append(Parameter(table.Columns[i].Property, row));
            }

            _sql.Append(')');
            first = false;
        }

        if (!first)
        {
            _sql.Append(";\n");
        }

        return this;
    }

    /// <summary>Sets the named properties of the row with the entity's key.</summary>
    public RowWrites Update<T>(T row, params ReadOnlySpan<string> properties)
        where T : class
    {
        var table = Table.Of(db, typeof(T));
        _sql.Append("UPDATE ").Append(table.Name).Append(" SET ");
        for (var i = 0; i < properties.Length; i++)
        {
            var column = table.Column(properties[i]);
            _sql.Append(i == 0 ? "" : ", ").Append(column.Name).Append(" = ").Append(Parameter(column.Property, row));
        }

        for (var i = 0; i < table.Key.Count; i++)
        {
            _sql.Append(i == 0 ? " WHERE " : " AND ").Append(table.Key[i].Name).Append(" = ").Append(Parameter(table.Key[i].Property, row));
        }

        _sql.Append(";\n");
        return this;
    }

    public async Task ExecuteAsync(CancellationToken ct)
    {
        _parameterFactory.Dispose();
        if (Table.OneBatchIsOneTransaction(db) || db.Database.CurrentTransaction is not null)
        {
            await db.Database.ExecuteSqlRawAsync(_sql.ToString(), _parameters, ct);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(_sql.ToString(), _parameters, ct);
        await transaction.CommitAsync(ct);
    }

    private string Parameter(IProperty property, object row)
    {
        var name = "p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _parameters.Add(property.GetRelationalTypeMapping()
            .CreateParameter(_parameterFactory, name, property.GetGetter().GetClrValue(row), property.IsNullable));
        return "@" + name;
    }

    private sealed record Column(IProperty Property, string Name);

    /// <summary>An entity type's table as these statements name it, worked out once for each model.</summary>
    private sealed record Table(string Name, string InsertInto, IReadOnlyList<Column> Columns, IReadOnlyList<Column> Key)
    {
        private static readonly ConditionalWeakTable<IEntityType, Table> Tables = [];
        private static readonly ConditionalWeakTable<IModel, StrongBox<bool>> Batching = [];

        public Column Column(string property) => Columns.Single(c => c.Property.Name == property);

        /// <summary>PostgreSQL runs a batch sent without BEGIN as one transaction; SQLite runs each statement on its own.</summary>
        public static bool OneBatchIsOneTransaction(DbContext db) => Batching.GetValue(db.Model, _ => new(db.Database.IsNpgsql())).Value;

        public static Table Of(DbContext db, Type type)
        {
            var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
            return Tables.GetValue(entity, e =>
            {
                var sql = db.GetService<ISqlGenerationHelper>();
                var store = StoreObjectIdentifier.Table(e.GetTableName()!, e.GetSchema());
                var name = sql.DelimitIdentifier(store.Name, store.Schema);
                var columns = e.GetProperties().Select(p => new Column(p, sql.DelimitIdentifier(p.GetColumnName(store)!))).ToList();
                var key = e.FindPrimaryKey()!.Properties.Select(k => columns.Single(c => c.Property == k)).ToList();
                return new Table(name, $"INSERT INTO {name} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ", columns, key);
            });
        }
    }
}
