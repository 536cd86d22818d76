using System.Text.Json;
using ParallelCmdlets.Reports;
using static ParallelCmdlets.Tests.Reports.TimelineFixtures;

namespace ParallelCmdlets.Tests.Reports;

/// <summary>The trace follows the Chrome Trace Event Format's rules, so Perfetto and chrome://tracing read it.</summary>
public class TimelineTraceTests
{
    private static JsonElement[] Events(Timeline timeline)
    {
        using var document = JsonDocument.Parse(TimelineTrace.Render(timeline));
        return document.RootElement.GetProperty("traceEvents").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static JsonElement[] Complete(JsonElement[] events) => events.Where(e => e.GetProperty("ph").GetString() == "X").ToArray();

    [Fact]
    public void Every_complete_event_has_the_required_fields_in_microseconds()
    {
        var events = Complete(Events(ThreePanels()));

        Assert.NotEmpty(events);
        Assert.All(events, e =>
        {
            Assert.False(string.IsNullOrEmpty(e.GetProperty("name").GetString()));
            Assert.True(e.GetProperty("ts").GetInt64() >= 0);
            Assert.True(e.GetProperty("dur").GetInt64() >= 0);
            Assert.True(e.GetProperty("pid").GetInt32() >= 1);
            Assert.True(e.GetProperty("tid").GetInt32() >= 1);
        });
        // Sequential's third task ran from 2 s to 3 s: 2,000,000 µs for one second.
        var third = events.Single(e => e.GetProperty("pid").GetInt32() == 1 && e.GetProperty("args").GetProperty("task").GetInt32() == 3 && e.GetProperty("name").GetString() == "compute");
        Assert.Equal((2_000_000L, 1_000_000L), (third.GetProperty("ts").GetInt64(), third.GetProperty("dur").GetInt64()));
    }

    [Fact]
    public void Transfers_compute_and_queue_waits_are_separate_named_events()
    {
        var names = Complete(Events(ThreePanels())).Select(e => e.GetProperty("name").GetString()).ToHashSet();

        Assert.Equal(["compute", "queue wait", "transfer in", "transfer out"], names.Order());
    }

    [Fact]
    public void Events_on_one_track_never_overlap()
    {
        foreach (var track in Complete(Events(ThreePanels())).GroupBy(e => (e.GetProperty("pid").GetInt32(), e.GetProperty("tid").GetInt32())))
        {
            var spans = track.Select(e => (Start: e.GetProperty("ts").GetInt64(), End: e.GetProperty("ts").GetInt64() + e.GetProperty("dur").GetInt64())).OrderBy(s => s.Start).ToList();
            for (var i = 1; i < spans.Count; i++) Assert.True(spans[i].Start >= spans[i - 1].End, $"track {track.Key} overlaps at {spans[i].Start}");
        }
    }

    [Fact]
    public void Each_run_is_a_named_process_and_each_worker_a_named_thread()
    {
        var events = Events(ThreePanels());
        var meta = events.Where(e => e.GetProperty("ph").GetString() == "M").ToArray();
        var used = Complete(events).Select(e => (e.GetProperty("pid").GetInt32(), e.GetProperty("tid").GetInt32())).Distinct();

        Assert.Equal(3, meta.Count(e => e.GetProperty("name").GetString() == "process_name"));
        Assert.All(used, track => Assert.Contains(meta, m => m.GetProperty("name").GetString() == "thread_name"
            && m.GetProperty("pid").GetInt32() == track.Item1 && m.GetProperty("tid").GetInt32() == track.Item2));
        // Threads ran on two workers: two worker tracks in its process (2), besides its wait tracks.
        Assert.Equal(2, meta.Count(m => m.GetProperty("name").GetString() == "thread_name" && m.GetProperty("pid").GetInt32() == 2
            && m.GetProperty("tid").GetInt32() < TimelineTrace.FirstWaitTrack));
    }

    [Fact]
    public void A_tools_time_before_a_task_began_is_its_queue_wait_from_when_it_was_handed_over()
    {
        var builder = new TimelineBuilder();
        builder.Add(new TaskRecord { RunId = "j", Strategy = Strategy.Job, TaskId = 1, WorkerId = 1, Submitted = 0.25, Start = 1.0, End = 1.5, TransferOut = 0.2 });
        var events = Complete(Events(builder.Build()));

        var wait = events.Single(e => e.GetProperty("name").GetString() == "queue wait");
        Assert.Equal((250_000L, 750_000L), (wait.GetProperty("ts").GetInt64(), wait.GetProperty("dur").GetInt64()));
        var back = events.Single(e => e.GetProperty("name").GetString() == "transfer out");
        Assert.Equal((1_300_000L, 200_000L), (back.GetProperty("ts").GetInt64(), back.GetProperty("dur").GetInt64()));
    }
}
