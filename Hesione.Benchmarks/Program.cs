using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Hesione.Benchmarks.Queries).Assembly).Run(args);
