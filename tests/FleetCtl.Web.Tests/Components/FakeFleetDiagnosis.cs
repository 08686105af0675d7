using FleetCtl.Fleet.Diagnosis;
using FleetCtl.Fleet.Gateways;

namespace FleetCtl.Web.Tests.Components;

/// <summary>
/// A diagnosis service in memory: answers the diagnoses and logs the test put in (an unknown gateway or connection is
/// <see cref="DiagnosisNotFoundException"/> / null, as the real one), and counts the questions. Verdicts come from the
/// real diagnoser and catalog (<see cref="PskMismatch"/>), not hand-made ones.
/// </summary>
public sealed class FakeFleetDiagnosis : IFleetDiagnosis
{
    private readonly Dictionary<string, TunnelDiagnosis> _diagnoses = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, GatewayLogLines> _logs = new(StringComparer.OrdinalIgnoreCase);
    private int _calls;

    public int DiagnoseCalls => Volatile.Read(ref _calls);

    public (string Gateway, string Connection, string? Child)? LastRequest { get; private set; }

    public void Put(TunnelDiagnosis diagnosis)
    {
        lock (_diagnoses)
        {
            _diagnoses[$"{diagnosis.Gateway}/{diagnosis.Connection}"] = diagnosis;
        }
    }

    public void PutLog(string gateway, params GatewayLogLine[] lines)
    {
        lock (_logs)
        {
            _logs[gateway] = new GatewayLogLines(gateway, lines, 0, 0);
        }
    }

    public Task<TunnelDiagnosis> DiagnoseAsync(string gateway, string connection, string? child = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        LastRequest = (gateway, connection, child);
        lock (_diagnoses)
        {
            return _diagnoses.TryGetValue($"{gateway}/{connection}", out var found)
                ? Task.FromResult(found with { Child = child })
                : Task.FromException<TunnelDiagnosis>(new DiagnosisNotFoundException($"connection '{connection}' is not loaded on {gateway}"));
        }
    }

    public Task<GatewayLogLines?> GetLogAsync(string gateway, CancellationToken cancellationToken = default)
    {
        lock (_logs)
        {
            return Task.FromResult(_logs.GetValueOrDefault(gateway));
        }
    }

    /// <summary>
    /// The diagnosis of a PSK mismatch as charon 5.9.8 logs it (IKEv2): the initiator <paramref name="gateway"/> only
    /// gets AUTHENTICATION_FAILED, the responder <paramref name="peer"/> logs the MAC mismatch. Without a peer the
    /// verdict rests on the initiator's lines alone.
    /// </summary>
    public static TunnelDiagnosis PskMismatch(string gateway, string? peer, DateTimeOffset at, string connection = "s2s")
    {
        GatewayLogLine L(double ms, string group, string message, int level = 1, string? ike = null, long? id = 1) =>
            new(at.AddMilliseconds(ms), group, level, ike ?? connection, id, message);
        GatewayLogLine[] initiator =
        [
            new(at, "CFG", 1, null, null, "vici initiate CHILD_SA 'net'"),
            L(1, "IKE", $"initiating IKE_SA {connection}[1] to 10.99.0.1", level: 0),
            L(8, "CFG", "selected proposal: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519"),
            L(9, "IKE", "authentication of 'gw2.lab' (myself) with pre-shared key"),
            L(10, "IKE", "establishing CHILD_SA net{1}", level: 0),
            L(12, "IKE", "received AUTHENTICATION_FAILED notify error"),
        ];
        GatewayLogLine[] responder =
        [
            L(2, "IKE", "10.99.0.2 is initiating an IKE_SA", level: 0, ike: "(unnamed)"),
            L(3, "CFG", "selected proposal: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519", ike: "(unnamed)"),
            L(9, "CFG", "looking for peer configs matching 10.99.0.1[%any]...10.99.0.2[gw2.lab]", ike: "(unnamed)"),
            L(9.5, "CFG", $"selected peer config '{connection}'"),
            L(10, "IKE", "tried 1 shared key for '%any' - 'gw2.lab', but MAC mismatched"),
        ];
        var request = new DiagnosisRequest(gateway, connection, null, initiator, peer, peer is null ? null : responder)
        {
            KnownAddresses = ["10.99.0.1", "10.99.0.2"],
        };
        return new TunnelDiagnosis(gateway, connection, null, peer, false, TunnelDiagnoser.Diagnose(request), initiator.Length,
            peer is null ? 0 : responder.Length, at.AddSeconds(5));
    }
}
