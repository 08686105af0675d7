using System.Globalization;
using System.Runtime.InteropServices;

namespace FleetCtl.Simulator;

/// <summary>
/// <c>FleetCtl.Simulator --gateways 200 --sas 50 --event-rate 100 --dir /tmp/fleet --version 5.9.8 [--tcp] [--seed N]</c>:
/// runs a simulated fleet as its own process, prints each gateway's name and URI, writes fleet.json, and runs until
/// Ctrl-C or SIGTERM.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: FleetCtl.Simulator [options]
          --gateways N        gateways to simulate (default 10)
          --sas N             IKE_SAs per gateway (default 10)
          --event-rate R      background events per second across the fleet (default 10; 0 for none)
          --dir PATH          folder for the unix sockets and fleet.json (default: a new temporary folder)
          --version V[,V...]  strongSwan version(s) reported, round-robin (default 5.9.8; alert exists from 6.0.3)
          --tcp               listen on tcp://127.0.0.1:<free port> instead of unix sockets
          --seed N            seed of everything random (default 1)
          --inventory PATH    where to write the inventory (default DIR/fleet.json)
          --quiet             do not print one line per gateway
          --status SECONDS    print a summary line every SECONDS to stderr (default 30; 0 for never)
        """;

    public static async Task<int> Main(string[] args)
    {
        Settings settings;
        try
        {
            settings = Settings.Parse(args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }

        if (settings.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        await using var fleet = new SimulatedFleet(new FleetOptions
        {
            Gateways = settings.Gateways,
            SasPerGateway = settings.Sas,
            EventRate = settings.EventRate,
            Directory = settings.Directory,
            UseTcp = settings.Tcp,
            Versions = settings.Versions,
            Seed = settings.Seed,
            OnChurnError = e => Console.Error.WriteLine($"churn: {e.GetType().Name}: {e.Message}"),
        });
        await fleet.StartAsync().ConfigureAwait(false);
        if (!settings.Quiet)
        {
            foreach (var g in fleet.Gateways)
            {
                Console.WriteLine($"{g.Name} {g.Uri}");
            }
        }

        var inventory = fleet.WriteInventory(settings.Inventory);
        Console.WriteLine($"inventory {inventory}");
        await Console.Error.WriteLineAsync($"fleet up: {fleet.GetSummary()}; Ctrl-C to stop").ConfigureAwait(false);

        try
        {
            if (settings.StatusSeconds > 0)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.StatusSeconds));
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    await Console.Error.WriteLineAsync(fleet.GetSummary().ToString()).ConfigureAwait(false);
                }
            }
            else
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Console.Error.WriteLineAsync("stopping").ConfigureAwait(false);
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // shut down cleanly: close connections, remove the sockets
            stop.Cancel();
        }
    }

    private sealed record Settings
    {
        public int Gateways { get; private init; } = 10;
        public int Sas { get; private init; } = 10;
        public double EventRate { get; private init; } = 10;
        public string? Directory { get; private init; }
        public IReadOnlyList<string> Versions { get; private init; } = ["5.9.8"];
        public bool Tcp { get; private init; }
        public int Seed { get; private init; } = 1;
        public string? Inventory { get; private init; }
        public bool Quiet { get; private init; }
        public int StatusSeconds { get; private init; } = 30;
        public bool Help { get; private init; }

        public static Settings Parse(string[] args)
        {
            var s = new Settings();
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{arg} needs a value");
                s = arg switch
                {
                    "--gateways" => s with { Gateways = Int(arg, Value(), 1) },
                    "--sas" => s with { Sas = Int(arg, Value(), 0) },
                    "--event-rate" => s with { EventRate = Double(arg, Value()) },
                    "--dir" => s with { Directory = Value() },
                    "--version" => s with { Versions = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                    "--tcp" => s with { Tcp = true },
                    "--seed" => s with { Seed = Int(arg, Value(), int.MinValue) },
                    "--inventory" => s with { Inventory = Value() },
                    "--quiet" => s with { Quiet = true },
                    "--status" => s with { StatusSeconds = Int(arg, Value(), 0) },
                    "-h" or "--help" => s with { Help = true },
                    _ => throw new FormatException($"unknown option '{arg}'"),
                };
            }

            if (s.Versions.Count == 0)
            {
                throw new FormatException("--version needs at least one version");
            }

            return s;
        }

        private static int Int(string option, string value, int min) =>
            int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new FormatException($"{option} takes a whole number of at least {min}, not '{value}'");

        private static double Double(string option, string value) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0
                ? d
                : throw new FormatException($"{option} takes a non-negative number, not '{value}'");
    }
}
