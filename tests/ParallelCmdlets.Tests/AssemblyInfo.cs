// Several tests compare timings (overlap, CPU use); running test classes side by side would distort them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
