using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FleetCtl.Bench;

/// <summary>
/// dotnet run -c Release --project bench/FleetCtl.Bench -- --filter '*Codec*'            full run (own process per benchmark)
/// dotnet run -c Release --project bench/FleetCtl.Bench -- --filter '*Codec*' --quick    a few seconds per benchmark, in-process
/// Every other BenchmarkDotNet option (--list flat, --job, --exporters ...) passes through.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var quick = args.Contains("--quick");
        args = [.. args.Where(a => a != "--quick")];

        IConfig? config = null;
        if (quick)
        {
            // ShortRun (3 warm-ups, 3 iterations, 1 launch) in this process: no generated project to build
            config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
