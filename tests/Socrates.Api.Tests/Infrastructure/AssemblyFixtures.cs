using Socrates.Api.Tests.Infrastructure;

// One server per provider for the whole run: start-up and migrations happen once, not per test class.
[assembly: AssemblyFixture(typeof(SqliteApp))]
[assembly: AssemblyFixture(typeof(PostgresApp))]
