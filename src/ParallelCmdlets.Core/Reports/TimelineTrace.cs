using System.Text;
using System.Text.Json;

namespace ParallelCmdlets.Reports;

/// <summary>
/// Writes a <see cref="Timeline"/> in the Chrome Trace Event Format, which Perfetto and chrome://tracing open:
/// a <c>traceEvents</c> array of complete events (<c>ph: "X"</c>, <c>ts</c> and <c>dur</c> in microseconds)
/// with <c>process_name</c>/<c>thread_name</c> metadata. One process per run (panel); one thread (track) per
/// worker thread, holding each task's transfer in, compute and transfer out in turn; the time tasks waited
/// before starting goes on tracks of its own, since waits overlap the work of the tasks before them.
/// </summary>
public static class TimelineTrace
{
    /// <summary>Wait tracks are numbered from here, apart from worker tracks.</summary>
    public const int FirstWaitTrack = 1000;

    public static string Render(Timeline timeline)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("displayTimeUnit", "ms");
            json.WriteStartArray("traceEvents");
            var pid = 0;
            foreach (var panel in timeline.Panels)
            {
                pid++;
                Metadata(json, "process_name", pid, null, $"{panel.Workload} {panel.Name}, {panel.Workers} worker{(panel.Workers == 1 ? "" : "s")} (run {panel.RunId})");
                json.WriteStartObject();
                json.WriteString("name", "process_sort_index");
                json.WriteString("ph", "M");
                json.WriteNumber("pid", pid);
                json.WriteStartObject("args");
                json.WriteNumber("sort_index", pid);
                json.WriteEndObject();
                json.WriteEndObject();
                WritePanel(json, panel, pid);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WritePanel(Utf8JsonWriter json, TimelinePanel panel, int pid)
    {
        // A worker track per worker thread: a worker process with several threads runs tasks side by side.
        var tracks = new Dictionary<(int Worker, int Thread), int>();
        int Track(TaskRecord t)
        {
            var key = (t.WorkerId, panel.ThreadsPerWorker > 1 ? t.ThreadId : 0);
            if (!tracks.TryGetValue(key, out var tid))
            {
                tid = tracks.Count + 1;
                tracks[key] = tid;
                var thread = panel.ThreadsPerWorker > 1 ? $", thread {t.ThreadId}" : "";
                var host = t.HostName.Length > 0 ? $" on {t.HostName}" : "";
                Metadata(json, "thread_name", pid, tid, $"worker {t.WorkerId}{thread}{host}");
            }
            return tid;
        }

        var lastEnd = new Dictionary<int, long>();
        foreach (var task in panel.Tasks.OrderBy(t => t.Start).ThenBy(t => t.TaskId))
        {
            var tid = Track(task);
            var start = Microseconds(task.Start);
            var end = Math.Max(start, Microseconds(task.End));
            // Stamps from two processes' clocks may disagree by a microsecond: never let a track's events overlap.
            if (lastEnd.TryGetValue(tid, out var previous) && start < previous) start = Math.Min(previous, end);
            var transferIn = Math.Min(Microseconds(task.TransferIn), end - start);
            var transferOut = Math.Min(Microseconds(task.TransferOut), end - start - transferIn);
            Complete(json, "transfer in", task, pid, tid, start, transferIn);
            Complete(json, "compute", task, pid, tid, start + transferIn, end - start - transferIn - transferOut);
            Complete(json, "transfer out", task, pid, tid, end - transferOut, transferOut);
            lastEnd[tid] = end;
        }

        // Waits overlap one another and the work before them: each goes on the lowest wait track free when it begins.
        var waitTracks = new List<long>();
        foreach (var task in panel.Tasks.Where(t => t.QueueWait > 0).OrderBy(t => t.Start - t.QueueWait).ThenBy(t => t.TaskId))
        {
            var start = Microseconds(task.Start - task.QueueWait);
            var end = Math.Max(start, Microseconds(task.Start));
            var lane = waitTracks.FindIndex(free => free <= start);
            if (lane < 0)
            {
                waitTracks.Add(end);
                lane = waitTracks.Count - 1;
                Metadata(json, "thread_name", pid, FirstWaitTrack + lane, $"waiting to start {lane + 1}");
            }
            waitTracks[lane] = end;
            Complete(json, "queue wait", task, pid, FirstWaitTrack + lane, start, end - start);
        }
    }

    private static long Microseconds(double seconds) => (long)Math.Round(Math.Max(0, seconds) * 1e6);

    private static void Complete(Utf8JsonWriter json, string name, TaskRecord task, int pid, int tid, long ts, long dur)
    {
        if (dur <= 0 && name != "compute") return;
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("cat", task.Strategy.ToString());
        json.WriteString("ph", "X");
        json.WriteNumber("ts", ts);
        json.WriteNumber("dur", Math.Max(0, dur));
        json.WriteNumber("pid", pid);
        json.WriteNumber("tid", tid);
        json.WriteStartObject("args");
        json.WriteNumber("task", task.TaskId);
        json.WriteNumber("worker", task.WorkerId);
        json.WriteNumber("process", task.ProcessId);
        json.WriteNumber("thread", task.ThreadId);
        if (task.HostName.Length > 0) json.WriteString("host", task.HostName);
        json.WriteString("status", task.Status.ToString());
        json.WriteNumber("start_s", task.Start);
        json.WriteNumber("end_s", task.End);
        json.WriteNumber("queue_wait_s", task.QueueWait);
        json.WriteNumber("transfer_in_s", task.TransferIn);
        json.WriteNumber("transfer_out_s", task.TransferOut);
        json.WriteNumber("cpu_s", task.CpuSeconds);
        json.WriteNumber("bytes_in", task.BytesIn);
        json.WriteNumber("bytes_out", task.BytesOut);
        if (!string.IsNullOrEmpty(task.Error)) json.WriteString("error", task.Error);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Metadata(Utf8JsonWriter json, string name, int pid, int? tid, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("ph", "M");
        json.WriteNumber("pid", pid);
        if (tid is { } t) json.WriteNumber("tid", t);
        json.WriteStartObject("args");
        json.WriteString("name", value);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
