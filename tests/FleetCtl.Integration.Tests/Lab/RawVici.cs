using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace FleetCtl.Integration.Tests.Lab;

/// <summary>
/// The smallest possible VICI exchange, written out by hand so the lab does not depend on the library it is
/// there to test: send CMD_REQUEST "version" with an empty message, expect a CMD_RESPONSE. Used to decide a
/// freshly started charon is ready.
/// </summary>
internal static class RawVici
{
    private const byte CmdRequest = 0;
    private const byte CmdResponse = 1;

    public static async Task<bool> AnswersAsync(string socketPath, TimeSpan timeout)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        using var cts = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token);
            var name = Encoding.ASCII.GetBytes("version");
            var frame = new byte[4 + 2 + name.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(2 + name.Length));
            frame[4] = CmdRequest;
            frame[5] = (byte)name.Length;
            name.CopyTo(frame, 6);
            await socket.SendAsync(frame, SocketFlags.None, cts.Token);

            var header = new byte[4];
            await ReadExactlyAsync(socket, header, cts.Token);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length is 0 or > 512 * 1024)
            {
                return false;
            }

            // read the whole answer, so charon does not log "vici header read error" for a socket closed under it
            var payload = new byte[length];
            await ReadExactlyAsync(socket, payload, cts.Token);
            socket.Shutdown(SocketShutdown.Both);
            return payload[0] == CmdResponse;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or EndOfStreamException)
        {
            return false;
        }
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        while (buffer.Length > 0)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            buffer = buffer[n..];
        }
    }
}
