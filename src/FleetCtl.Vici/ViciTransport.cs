using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace FleetCtl.Vici;

/// <summary>A byte pipe to a VICI peer. The session (<see cref="ViciClient"/>) knows nothing of sockets or processes.</summary>
public interface IViciTransport : IAsyncDisposable
{
    PipeReader Input { get; }

    PipeWriter Output { get; }

    /// <summary>Extra words for an error message when the transport fails (e.g. the stderr of an exec: command).</summary>
    string? Diagnostics { get; }
}

/// <summary>Could not reach the VICI socket: no daemon, wrong path, refused, TLS handshake failed, command failed to start.</summary>
public sealed class ViciConnectException : ViciException
{
    public ViciConnectException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>Opens transports for <see cref="ViciEndpoint"/>s.</summary>
public static class ViciTransports
{
    public static async Task<IViciTransport> ConnectAsync(ViciEndpoint endpoint, ViciClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            cts.CancelAfter(options.ConnectTimeout);
        }

        try
        {
            return endpoint.Kind switch
            {
                ViciTransportKind.Unix => await ConnectSocketAsync(endpoint, options, cts.Token).ConfigureAwait(false),
                ViciTransportKind.Tcp => await ConnectSocketAsync(endpoint, options, cts.Token).ConfigureAwait(false),
                ViciTransportKind.Tls => await ConnectTlsAsync(endpoint, options, cts.Token).ConfigureAwait(false),
                _ => ExecTransport.Start(endpoint),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ViciConnectException($"connecting to {endpoint} timed out after {options.ConnectTimeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            throw new ViciConnectException($"cannot connect to {endpoint}: {e.Message}", e);
        }
        catch (AuthenticationException e)
        {
            throw new ViciConnectException($"TLS handshake with {endpoint} failed: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ViciConnectException($"cannot connect to {endpoint}: {e.Message}", e);
        }
    }

    private static async Task<Socket> OpenSocketAsync(ViciEndpoint endpoint, CancellationToken ct)
    {
        if (endpoint.Kind == ViciTransportKind.Unix)
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await unix.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.Path!), ct).ConfigureAwait(false);
                return unix;
            }
            catch
            {
                unix.Dispose();
                throw;
            }
        }

        var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(endpoint.Host!, endpoint.Port, ct).ConfigureAwait(false);
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private static async Task<IViciTransport> ConnectSocketAsync(ViciEndpoint endpoint, ViciClientOptions options, CancellationToken ct)
    {
        var socket = await OpenSocketAsync(endpoint, ct).ConfigureAwait(false);
        return new StreamTransport(new NetworkStream(socket, ownsSocket: true), options.Limits);
    }

    private static async Task<IViciTransport> ConnectTlsAsync(ViciEndpoint endpoint, ViciClientOptions options, CancellationToken ct)
    {
        var tls = options.Tls ?? throw new ViciConnectException(
            $"{endpoint} needs TLS options (client certificate and trusted CA): set ViciClientOptions.Tls");
        var socket = await OpenSocketAsync(endpoint, ct).ConfigureAwait(false);
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            var auth = new SslClientAuthenticationOptions
            {
                TargetHost = tls.ServerName ?? endpoint.Host,
                ClientCertificates = tls.ClientCertificates,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, cert, chain, errors) => tls.Validate(cert, chain, errors),
            };
            await ssl.AuthenticateAsClientAsync(auth, ct).ConfigureAwait(false);
            return new StreamTransport(ssl, options.Limits);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

/// <summary>TLS settings for <c>tls://</c>: the client certificate (with key) and the CA that signed the server's certificate.</summary>
public sealed record ViciTlsOptions
{
    /// <summary>Client certificate(s) with private key, presented for mutual TLS.</summary>
    public X509CertificateCollection? ClientCertificates { get; init; }

    /// <summary>CA certificates trusted for the server's certificate, instead of the system store.</summary>
    public X509Certificate2Collection? TrustedCertificateAuthorities { get; init; }

    /// <summary>Name checked against the server's certificate; defaults to the URI's host.</summary>
    public string? ServerName { get; init; }

    internal bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        if (TrustedCertificateAuthorities is not { Count: > 0 })
        {
            return errors == SslPolicyErrors.None;
        }

        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(TrustedCertificateAuthorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}

/// <summary>A transport over a duplex stream (socket, TLS).</summary>
public sealed class StreamTransport : IViciTransport
{
    private readonly Stream _stream;
    private int _disposed;

    public StreamTransport(Stream stream, ViciLimits? limits = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        // small buffers: an idle connection holds its read buffer while it waits, and a controller holds thousands;
        // larger frames simply span several segments
        _ = limits;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public string? Diagnostics => null;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // flushing leftovers to a dead peer: nothing to save
        }
        catch (ObjectDisposedException)
        {
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A transport over a child process's stdin/stdout (e.g. <c>ssh gw socat - UNIX-CONNECT:/run/charon.vici</c>).</summary>
internal sealed class ExecTransport : IViciTransport
{
    private const int StderrLines = 20;
    private readonly Process _process;
    private readonly Queue<string> _stderr = new();
    private int _disposed;

    private ExecTransport(Process process)
    {
        _process = process;
        Input = PipeReader.Create(process.StandardOutput.BaseStream);
        Output = PipeWriter.Create(process.StandardInput.BaseStream);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stderr)
            {
                _stderr.Enqueue(e.Data);
                if (_stderr.Count > StderrLines)
                {
                    _stderr.Dequeue();
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public string? Diagnostics
    {
        get
        {
            var exited = _process.HasExited ? $"command exited with code {_process.ExitCode}" : null;
            string[] lines;
            lock (_stderr)
            {
                lines = [.. _stderr];
            }

            var parts = new List<string>();
            if (exited is not null)
            {
                parts.Add(exited);
            }

            if (lines.Length > 0)
            {
                parts.Add("stderr: " + string.Join(" | ", lines));
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
    }

    public static ExecTransport Start(ViciEndpoint endpoint)
    {
        var psi = new ProcessStartInfo(endpoint.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in endpoint.Command.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }

        try
        {
            var process = Process.Start(psi) ?? throw new ViciConnectException($"{endpoint}: the command did not start");
            return new ExecTransport(process);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ViciConnectException($"{endpoint}: cannot start '{endpoint.Command[0]}': {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Input.CompleteAsync().ConfigureAwait(false);
        try
        {
            await Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
    }
}
