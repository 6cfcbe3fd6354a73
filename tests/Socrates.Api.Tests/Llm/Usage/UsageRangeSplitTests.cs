using Socrates.Api.Llm.Usage;


namespace Socrates.Api.Tests.Llm.Usage;

public sealed class UsageRangeSplitTests
{
    private static readonly DateTime Origin = new(2026, 3, 9, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Bounds of every kind: open, at midnight, on an hour, with minutes, a tick either side of an hour.</summary>
    private static IEnumerable<DateTime?> Bounds(Random random)
    {
        yield return null;
        for (var i = 0; i < 40; i++)
        {
            var day = Origin.AddDays(random.Next(-3, 4));
            yield return (i % 5) switch
            {
                0 => day,
                1 => day.AddHours(random.Next(24)),
                2 => day.AddHours(random.Next(24)).AddTicks(random.Next(2) == 0 ? 1 : -1),
                _ => day.AddTicks(random.NextInt64(TimeSpan.TicksPerDay)),
            };
        }
    }

    [Fact]
    public void The_pieces_cover_the_range_exactly_reading_at_most_two_hours_of_rows_and_two_days_of_hours()
    {
        var random = new Random(3);
        var bounds = Bounds(random).ToList();
        foreach (var from in bounds)
        {
            foreach (var to in bounds.Where(t => from is null || t is null || t >= from))
            {
                var pieces = UsageRangeSplit.Of(from is { } f ? new DateTimeOffset(f) : null, to is { } t ? new DateTimeOffset(t) : null);
                var spans = pieces.Rows.Select(r => (From: (DateTime?)r.From, To: (DateTime?)r.To))
                    .Concat(pieces.Hours.Select(h => (From: (DateTime?)h.From, To: (DateTime?)h.To)))
                    .Concat(pieces.Days is (var first, var last) ? [(Midnight(first), Midnight(last))] : [])
                    .OrderBy(s => s.From ?? DateTime.MinValue)
                    .ToList();
                var range = $"[{from:O}, {to:O})";

                if (from == to && from is not null)
                {
                    Assert.True(pieces.IsEmpty, range);
                    continue;
                }

                // Tiled: starts at from, each piece starts where the last ended, ends at to; none is empty.
                Assert.Equal(from, spans[0].From);
                Assert.Equal(to, spans[^1].To);
                for (var i = 0; i < spans.Count; i++)
                {
                    Assert.True(spans[i].From is null || spans[i].To is null || spans[i].From < spans[i].To, range);
                    if (i > 0)
                    {
                        Assert.Equal(spans[i - 1].To, spans[i].From);
                    }
                }

                Assert.True(pieces.Rows.Sum(r => (r.To - r.From).Ticks) < 2 * TimeSpan.TicksPerHour, range);
                Assert.True(pieces.Hours.Sum(h => (h.To - h.From).Ticks) < 2 * TimeSpan.TicksPerDay, range);
                Assert.All(pieces.Hours, h => Assert.True(h.From.Ticks % TimeSpan.TicksPerHour == 0 && h.To.Ticks % TimeSpan.TicksPerHour == 0, range));
                Assert.InRange(pieces.Rows.Count + pieces.Hours.Count + (pieces.Days is null ? 0 : 1), 1, 5);
            }
        }
    }

    [Fact]
    public void Whole_days_are_read_from_the_daily_rollup_alone()
    {
        var pieces = UsageRangeSplit.Of(new DateTimeOffset(Origin), new DateTimeOffset(Origin.AddDays(31)));

        Assert.Empty(pieces.Rows);
        Assert.Empty(pieces.Hours);
        Assert.Equal((DateOnly.FromDateTime(Origin), DateOnly.FromDateTime(Origin.AddDays(31))), pieces.Days);
    }

    private static DateTime? Midnight(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}
