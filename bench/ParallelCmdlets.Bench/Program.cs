using ParallelCmdlets.Bench;

// Child modes come first and touch nothing else, so the no-op start measures a bare .NET process.
if (args.Length > 0 && args[0] == "--noop") return 0;
if (args.Length > 1 && args[0] == "--echo") return EchoServer.Run(args[1]);
return BenchRunner.Run(args);
