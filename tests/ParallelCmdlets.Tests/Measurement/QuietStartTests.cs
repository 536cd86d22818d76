using ParallelCmdlets.Measurement;

namespace ParallelCmdlets.Tests.Measurement;

/// <summary>The wait for a quiet machine before the first round, driven by a made-up load.</summary>
public class QuietStartTests
{
    [Fact]
    public void Starts_at_once_on_a_quiet_machine_and_says_nothing()
    {
        var said = new List<string>();

        Assert.Equal(1, QuietStart.Wait(_ => 0.02, said.Add, default));
        Assert.Empty(said);
    }

    [Fact]
    public void Waits_while_new_workers_keep_the_cores_busy_and_says_why_once()
    {
        var loads = new Queue<double?>([0.7, 0.5, 0.3, 0.05]);
        var said = new List<string>();

        Assert.Equal(4, QuietStart.Wait(_ => loads.Dequeue(), said.Add, default));
        Assert.Single(said);
        Assert.StartsWith("Waiting for the machine to settle: other processes use 70 %", said[0]);
    }

    [Fact]
    public void Gives_up_after_the_longest_wait_on_a_machine_that_stays_busy()
    {
        var windows = QuietStart.Wait(_ => 0.9, _ => { }, default);

        Assert.Equal((int)(QuietStart.MaxWait / QuietStart.Window), windows);
    }

    [Fact]
    public void Does_not_wait_where_the_machine_cannot_be_read()
    {
        Assert.Equal(0, QuietStart.Wait(_ => null, _ => { }, default));
    }
}
