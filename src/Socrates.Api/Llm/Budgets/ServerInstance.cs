using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Socrates.Api.Persistence;

namespace Socrates.Api.Llm.Budgets;

/// <summary>
/// A running server, as far as its budget holds are concerned: <see cref="InstanceHeartbeat"/> refreshes the row every
/// few seconds and deletes it on a clean shutdown. Holds of an instance whose row is stale or gone belong to calls
/// that will never settle, and any instance's sweeper releases them.
/// </summary>
public sealed class ServerInstance
{
    public Guid Id { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime HeartbeatAt { get; set; }
}

public sealed class ServerInstanceConfiguration : IEntityTypeConfiguration<ServerInstance>, ISpecsDbModel
{
    public void Configure(EntityTypeBuilder<ServerInstance> builder)
    {
        var instance = builder;
        instance.ToTable("server_instances");
        instance.HasKey(i => i.Id);
        instance.Property(i => i.Id).ValueGeneratedNever();
    }
}
