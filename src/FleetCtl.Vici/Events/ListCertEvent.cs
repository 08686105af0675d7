using FleetCtl.Vici.Models;

namespace FleetCtl.Vici.Events;

/// <summary><c>list-cert</c>: streamed by <c>list-certs</c>, one certificate per event (keys at the root).</summary>
public sealed record ListCertEvent(CertificateInfo Certificate, ViciMessage Raw, DateTimeOffset ReceivedAt = default)
    : ViciTypedEvent(Raw, ReceivedAt)
{
    public override string Name => ViciEventNames.ListCert;

    public static ListCertEvent Parse(ViciMessage message, DateTimeOffset receivedAt = default) =>
        new(CertificateInfo.Parse(message), message, receivedAt);
}
