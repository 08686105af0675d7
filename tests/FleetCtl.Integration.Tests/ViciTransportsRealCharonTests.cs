using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FleetCtl.Integration.Tests.Lab;
using FleetCtl.Vici;
using FleetCtl.Vici.Commands;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests;

/// <summary>
/// The transports a NOC uses to reach a gateway's VICI socket from afar, against a real charon:
/// <c>tls://</c> through socat terminating mutual TLS in front of the unix socket, and <c>exec:</c> through
/// <c>socat - UNIX-CONNECT:</c> (what <c>exec:ssh gw socat - UNIX-CONNECT:/run/charon.vici</c> does on the far side).
/// </summary>
public sealed class ViciTransportsRealCharonTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [CharonLabFact]
    public async Task Tls_with_a_client_certificate_reaches_the_real_daemon()
    {
        await using var lab = await CharonLab.StartAsync(1, new CharonLabOptions { Log = output.WriteLine });
        using var pki = new TestPki(lab.Directory);
        await using var front = await TlsFront.StartAsync(pki, lab[1].ViciSocketPath, output);

        await using var client = await ViciClient.ConnectAsync(front.Uri, new ViciClientOptions { Tls = pki.ClientOptions(pki.Ca) });
        var version = await client.VersionAsync(cancellationToken: CancellationToken.None);
        Assert.Equal(("charon", "5.9.8"), (version.Daemon, version.Version));
        var stats = await client.CallAsync("stats", timeout: Wait);
        Assert.Contains("vici", stats.GetStrings("plugins"));
        Assert.Contains("kernel-libipsec", stats.GetStrings("plugins"));
        Assert.Empty(client.Warnings); // TLS is not the cleartext tcp:// the client warns about
    }

    [CharonLabFact]
    public async Task Tls_without_a_client_certificate_is_refused()
    {
        await using var lab = await CharonLab.StartAsync(1, new CharonLabOptions { Log = output.WriteLine });
        using var pki = new TestPki(lab.Directory);
        await using var front = await TlsFront.StartAsync(pki, lab[1].ViciSocketPath, output);

        var options = new ViciClientOptions { Tls = new ViciTlsOptions { TrustedCertificateAuthorities = [pki.Ca], ServerName = "localhost" } };
        // with TLS 1.3 the server's refusal of a missing client certificate may surface at the handshake or at the first read
        var error = await Record.ExceptionAsync(async () =>
        {
            await using var client = await ViciClient.ConnectAsync(front.Uri, options);
            await client.CallAsync("version", timeout: Wait);
        });
        Assert.True(error is ViciConnectException or ViciConnectionLostException, $"expected a refusal, got {error?.GetType().Name}: {error?.Message}");
    }

    [CharonLabFact]
    public async Task Tls_to_a_server_signed_by_an_untrusted_ca_fails_to_connect()
    {
        await using var lab = await CharonLab.StartAsync(1, new CharonLabOptions { Log = output.WriteLine });
        using var pki = new TestPki(lab.Directory);
        using var otherCa = TestPki.CreateCa("not the gateway's CA");
        await using var front = await TlsFront.StartAsync(pki, lab[1].ViciSocketPath, output);

        var e = await Assert.ThrowsAsync<ViciConnectException>(() => ViciClient.ConnectAsync(front.Uri, new ViciClientOptions { Tls = pki.ClientOptions(otherCa) }));
        Assert.Contains("TLS handshake", e.Message, StringComparison.Ordinal);
    }

    [CharonLabFact]
    public async Task Exec_through_socat_reaches_the_real_daemon()
    {
        await using var lab = await CharonLab.StartAsync(1, new CharonLabOptions { Log = output.WriteLine });
        await using var client = await ViciClient.ConnectAsync($"exec:socat - UNIX-CONNECT:{lab[1].ViciSocketPath}");
        var version = await client.VersionAsync(cancellationToken: CancellationToken.None);
        Assert.Equal("5.9.8", version.Version);
        Assert.Contains("alert", await client.RegisterAllAsync(["ike-updown", "alert"]));
    }

    /// <summary>A CA, a server certificate for localhost/127.0.0.1 and a client certificate, as PEM files for socat.</summary>
    private sealed class TestPki : IDisposable
    {
        public TestPki(string dir)
        {
            Ca = CreateCa("FleetCtl test CA");
            Server = Issue(Ca, "localhost", server: true);
            Client = Issue(Ca, "fleetctl-controller", server: false);
            CaPath = Path.Combine(dir, "tls-ca.pem");
            ServerPath = Path.Combine(dir, "tls-server.pem");
            File.WriteAllText(CaPath, Ca.ExportCertificatePem());
            File.WriteAllText(ServerPath, Server.ExportCertificatePem() + "\n" + Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }

        public X509Certificate2 Ca { get; }
        public X509Certificate2 Server { get; }
        public X509Certificate2 Client { get; }
        public string CaPath { get; }
        public string ServerPath { get; }

        public ViciTlsOptions ClientOptions(X509Certificate2 trusted) => new()
        {
            ClientCertificates = [Client],
            TrustedCertificateAuthorities = [trusted],
            ServerName = "localhost",
        };

        public static X509Certificate2 CreateCa(string name)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        }

        private static X509Certificate2 Issue(X509Certificate2 ca, string cn, bool server)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
            if (server)
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName("localhost");
                san.AddIpAddress(IPAddress.Loopback);
                req.CertificateExtensions.Add(san.Build());
            }

            var serial = RandomNumberGenerator.GetBytes(8);
            using var issued = req.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
            return issued.CopyWithPrivateKey(key);
        }

        public void Dispose()
        {
            Ca.Dispose();
            Server.Dispose();
            Client.Dispose();
        }
    }

    /// <summary>socat terminating mutual TLS on 127.0.0.1 and forwarding to the daemon's unix socket.</summary>
    private sealed class TlsFront : IAsyncDisposable
    {
        private readonly Process _socat;

        private TlsFront(Process socat, int port)
        {
            _socat = socat;
            Uri = $"tls://127.0.0.1:{port}";
        }

        public string Uri { get; }

        public static async Task<TlsFront> StartAsync(TestPki pki, string socketPath, ITestOutputHelper output)
        {
            Assert.True(File.Exists("/usr/bin/socat"), "socat is not installed: run the README's test command, which installs it");
            var port = FreePort();
            var psi = new ProcessStartInfo("/usr/bin/socat") { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add($"OPENSSL-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork,cert={pki.ServerPath},cafile={pki.CaPath},verify=1");
            psi.ArgumentList.Add($"UNIX-CONNECT:{socketPath}");
            var socat = Process.Start(psi)!;
            socat.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    output.WriteLine("socat: " + e.Data);
                }
            };
            socat.BeginErrorReadLine();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (true)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline && !socat.HasExited)
                {
                    await Task.Delay(50);
                }
            }

            return new TlsFront(socat, port);
        }

        private static int FreePort()
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_socat.HasExited)
            {
                _socat.Kill(entireProcessTree: true);
            }

            await _socat.WaitForExitAsync();
            _socat.Dispose();
        }
    }
}
