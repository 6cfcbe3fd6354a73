namespace Socrates.Api.Llm.Usage;

/// <summary>
/// Usage sums at the grain every breakdown is built from (provider, model, project, UTC day): the one shape that the
/// daily rollup, the hourly rollup and the usage rows are each projected to, so their pieces can be UNIONed.
/// </summary>
internal sealed class UsageSlice
{
    public string Provider { get; init; } = "";
    public string Model { get; init; } = "";

    /// <summary>Guid.Empty for calls made outside a project, as in the rollups.</summary>
    public Guid ProjectId { get; init; }

    public DateOnly Day { get; init; }
    public long Calls { get; init; }
    public long Failed { get; init; }
    public long Input { get; init; }
    public long Output { get; init; }
    public long Cached { get; init; }
    public long CostNanos { get; init; }
    public long Priced { get; init; }
}
