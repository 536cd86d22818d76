using ParallelCmdlets.Measurement;
using ParallelCmdlets.Workloads;

namespace ParallelCmdlets.Tests.Measurement;

public class MemoryEstimateTests
{
    [Fact]
    public void Transfer_needs_one_shared_argument_and_a_result_per_thread_and_copies_in_every_process()
    {
        var payload = TransferWorkload.PayloadBytes(1_000);
        Assert.Equal(3 * payload, MemoryEstimate.Project(TransferWorkload.Info, 1_000, Strategy.Threads, 2, 1));
        Assert.Equal(8 * payload, MemoryEstimate.Project(TransferWorkload.Info, 1_000, Strategy.Processes, 2, 1));
    }

    [Fact]
    public void A_workload_small_by_nature_needs_no_projection()
    {
        Assert.Equal(0, MemoryEstimate.Project(LoopWorkload.Info, 100_000_000, Strategy.Processes, 4, 2));
    }

    [Fact]
    public void Transfer_can_make_no_size_whose_argument_outgrows_one_array()
    {
        Assert.True(TransferWorkload.Info.MaxSize * TransferWorkload.Columns <= Array.MaxLength);
        Assert.True((TransferWorkload.Info.MaxSize + 1) * TransferWorkload.Columns > Array.MaxLength);
        Assert.Null(LoopWorkload.Info.MaxSize);
    }
}
