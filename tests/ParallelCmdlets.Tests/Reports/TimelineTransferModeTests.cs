using ParallelCmdlets.Reports;
using static ParallelCmdlets.Tests.Reports.TimelineFixtures;

namespace ParallelCmdlets.Tests.Reports;

/// <summary>Processes measured once per transfer mode: each panel names its mode, so the two are told apart.</summary>
public class TimelineTransferModeTests
{
    private static Timeline CopyAndSharedMemory()
    {
        var builder = new TimelineBuilder();
        builder.Add(new StrategyResult
        {
            RunId = "shm", Workload = "Transfer", Strategy = Strategy.Processes, TransferMode = TransferMode.SharedMemory, Workers = 2, Elapsed = 0.5,
            Runs = new RunList([new RunResult
            {
                RunId = "shm", Strategy = Strategy.Processes, TransferMode = TransferMode.SharedMemory, Elapsed = 0.5,
                Records = [Task("shm", Strategy.Processes, 1, 0, 0.5, transferIn: 0.01) with { TransferMode = TransferMode.SharedMemory }],
            }]),
        });
        builder.Add(Task("copy", Strategy.Processes, 1, 0, 2, transferIn: 0.8, transferOut: 0.8) with { Workload = "Transfer" });
        return builder.Build();
    }

    [Fact]
    public void The_shared_memory_panel_is_named_for_its_mode_and_the_copy_panel_stays_plain()
    {
        var labels = CopyAndSharedMemory().Panels.Select(p => p.Label).ToList();

        Assert.Contains(labels, l => l.StartsWith("Processes (SharedMemory) — 500.0 ms", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("Processes — 2.00 s", StringComparison.Ordinal));
    }

    [Fact]
    public void Panels_of_different_workloads_name_the_mode_and_the_workload_in_one_pair_of_brackets()
    {
        var builder = new TimelineBuilder();
        builder.Add(Task("shm", Strategy.Processes, 1, 0, 1) with { Workload = "Transfer", TransferMode = TransferMode.SharedMemory });
        builder.Add(Task("sleep", Strategy.Processes, 1, 0, 1) with { Workload = "Sleep" });

        var labels = builder.Build().Panels.Select(p => p.Label).ToList();

        Assert.Contains(labels, l => l.StartsWith("Processes (SharedMemory, Transfer) — ", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("Processes (Sleep) — ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_panel_built_from_task_records_alone_takes_the_mode_from_them()
    {
        var builder = new TimelineBuilder();
        builder.Add(Task("r", Strategy.Processes, 1, 0, 1) with { TransferMode = TransferMode.SharedMemory });

        Assert.Equal(TransferMode.SharedMemory, Assert.Single(builder.Build().Panels).TransferMode);
    }

    [Fact]
    public void The_svg_and_the_console_both_name_the_mode()
    {
        var timeline = CopyAndSharedMemory();

        Assert.Contains("Processes (SharedMemory) — ", TimelineSvg.Render(timeline));
        Assert.Contains("data-transfer-mode=\"SharedMemory\"", TimelineSvg.Render(timeline));
        Assert.Contains("Processes (SharedMemory) — ", string.Join("\n", TimelineConsole.Render(timeline, 100, color: false)));
    }
}
