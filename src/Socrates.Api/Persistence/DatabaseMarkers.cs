namespace Socrates.Api.Persistence;

// A feature that adds tables writes an IEntityTypeConfiguration<T> in its own folder and marks it with
// the database it belongs to; the DbContext picks it up. Features stay in their folders and the two
// DbContexts do not grow a line per feature.

/// <summary>Marks an IEntityTypeConfiguration that belongs to the auth database.</summary>
public interface IAuthDbModel;

/// <summary>Marks an IEntityTypeConfiguration that belongs to the specs database.</summary>
public interface ISpecsDbModel;
