using System.Diagnostics;
using System.Diagnostics.Metrics;
using Socrates.Api.Llm.Usage;

namespace Socrates.Api.Telemetry;

/// <summary>
/// Socrates' own meters, beside the GenAI ones Microsoft.Extensions.AI records per call: attempts by provider, model and
/// status, what they cost, budget refusals, and the usage writer's queue (its flush time is recorded by UsageWriter itself). Created through IMeterFactory, so each host (and each test server) has its own.
/// </summary>
public sealed class SocratesMetrics
{
    public const string MeterName = "Socrates";

    private readonly Counter<long> _calls;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _budgetRefusals;

    public SocratesMetrics(IMeterFactory meters, UsageWriter usage)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("socrates.usage_writer.queue_length", () => usage.QueueLength, "{row}", "Usage rows waiting to be written.");
        _calls = meter.CreateCounter<long>("socrates.llm.calls", "{call}", "Provider attempts, each with its usage row.");
        _cost = meter.CreateCounter<double>("socrates.llm.cost", "USD", "What priced attempts cost, from the model catalogue.");
        _budgetRefusals = meter.CreateCounter<long>("socrates.llm.budget_refusals", "{call}", "Calls refused with 402 because a budget was used up.");
        Meter = meter;
    }

    public Meter Meter { get; }

    public void Attempt(string provider, string model, string status, long? costNanos)
    {
        var tags = new TagList { { "gen_ai.provider.name", provider }, { "gen_ai.request.model", model }, { "socrates.status", status } };
        _calls.Add(1, tags);
        if (costNanos is { } nanos)
        {
            _cost.Add(nanos / 1e9, tags);
        }
    }

    public void BudgetRefused() => _budgetRefusals.Add(1);
}
