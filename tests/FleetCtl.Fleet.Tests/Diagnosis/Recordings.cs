using System.Globalization;
using System.Text.RegularExpressions;
using FleetCtl.Fleet.Diagnosis;

namespace FleetCtl.Fleet.Tests.Diagnosis;

/// <summary>
/// The log lines recorded from real charons by DiagnosisRealCharonTests (FLEETCTL_RECORD_DIAGNOSIS=DIR): per case
/// <c>Recorded/&lt;case&gt;.initiator.jsonl</c> (gw2, 10.99.0.2) and <c>.responder.jsonl</c> (gw1, 10.99.0.1).
/// </summary>
internal static partial class Recordings
{
    public const string Initiator = "initiator";
    public const string Responder = "responder";
    public const string InitiatorAddress = "10.99.0.2";
    public const string ResponderAddress = "10.99.0.1";

    public static IReadOnlyList<GatewayLogLine> Load(string name, string side)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Diagnosis", "Recorded", $"{name}.{side}.jsonl");
        return File.Exists(path) ? GatewayLogLineJson.Read(File.ReadAllText(path)) : [];
    }

    public static bool Exists(string name, string side) =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, "Diagnosis", "Recorded", $"{name}.{side}.jsonl"));

    /// <summary>The initiator's point of view, with the responder's lines when <paramref name="withPeer"/>.</summary>
    public static DiagnosisRequest FromInitiator(string name, bool withPeer = true) =>
        new("gw2", "s2s", "net", Load(name, Initiator), "gw1", withPeer && Exists(name, Responder) ? Load(name, Responder) : null)
        {
            KnownAddresses = [ResponderAddress],
        };

    /// <summary>The responder's point of view, with the initiator's lines when <paramref name="withPeer"/>.</summary>
    public static DiagnosisRequest FromResponder(string name, bool withPeer = true) =>
        new("gw1", "s2s", "net", Load(name, Responder), "gw2", withPeer ? Load(name, Initiator) : null)
        {
            KnownAddresses = [InitiatorAddress],
        };

    /// <summary>
    /// Lines quoted in the pfSense "Troubleshooting IPsec Logs" page (seed 004, charon of an older 5.x, IKEv1), in its
    /// <c>charon: 12[CFG] message</c> form: for rules whose form the lab's 5.9.8 does not log.
    /// </summary>
    public static IReadOnlyList<GatewayLogLine> Seed(string text)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((l, i) => SeedLine().Match(l) is { Success: true } m
                ? new GatewayLogLine(start.AddMilliseconds(i * 10), m.Groups["g"].Value, 1, null, null, m.Groups["m"].Value,
                    int.Parse(m.Groups["t"].Value, CultureInfo.InvariantCulture))
                : throw new FormatException("not a seed line: " + l))
            .ToList();
    }

    [GeneratedRegex(@"^charon: (?<t>\d+)\[(?<g>[A-Z]+)\] (?<m>.*)$")]
    private static partial Regex SeedLine();
}
