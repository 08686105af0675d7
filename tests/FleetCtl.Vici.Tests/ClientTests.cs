using System.Buffers.Binary;
using FleetCtl.Vici;

namespace FleetCtl.Vici.Tests;

public class ClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Command_returns_the_response_message()
    {
        await using var server = new TestServer().Start();
        await using var client = await server.ConnectAsync();
        var version = await client.CallAsync("version");
        Assert.Equal("charon", version.GetString("daemon"));
        Assert.Equal("5.9.8", version.GetString("version"));
    }

    [Fact]
    public async Task Unknown_command_throws_and_is_reported_and_the_connection_goes_on()
    {
        await using var server = new TestServer().Start();
        await using var client = await server.ConnectAsync();
        var e = await Assert.ThrowsAsync<ViciUnknownCommandException>(() => client.CallAsync("no-such-command"));
        Assert.Equal("no-such-command", e.Command);
        Assert.Contains("no-such-command", client.UnsupportedCommands);
        Assert.Equal("charon", (await client.CallAsync("version")).GetString("daemon"));
    }

    [Fact]
    public async Task Success_no_throws_command_failed_with_errmsg_and_raw_call_returns_it()
    {
        await using var server = new TestServer().Start();
        server.Server.Handle("initiate", (_, _) => ValueTask.FromResult(new ViciMessage().Set("success", false).Set("errmsg", "CHILD_SA config 'x' not found")));
        await using var client = await server.ConnectAsync();
        var e = await Assert.ThrowsAsync<ViciCommandFailedException>(() => client.CallAsync("initiate", new ViciMessage().Set("child", "x")));
        Assert.Equal("CHILD_SA config 'x' not found", e.ErrorMessage);
        Assert.Equal("initiate", e.Command);
        var raw = await client.CallRawAsync("initiate");
        Assert.False(raw.GetBool("success"));
    }

    [Fact]
    public async Task Streaming_command_yields_its_events_and_registered_events_go_to_the_event_channel()
    {
        await using var server = new TestServer().Start();
        server.Server.Handle("list-sas", async (req, _) =>
        {
            for (var i = 0; i < 3; i++)
            {
                // a registered event interleaves with the stream, as charon may do
                await req.Connection.SendEventAsync("ike-updown", new ViciMessage().Set("up", true).Set("n", i));
                await req.StreamAsync("list-sa", new ViciMessage().Set($"conn-{i}", new ViciMessage().Set("uniqueid", i)));
            }

            return new ViciMessage();
        });
        await using var client = await server.ConnectAsync();
        await client.RegisterAsync("ike-updown");
        ViciMessage? response = null;
        var streamed = new List<ViciMessage>();
        await foreach (var m in client.StreamAsync("list-sas", "list-sa", onResponse: r => response = r))
        {
            streamed.Add(m);
        }

        Assert.NotNull(response);
        Assert.Equal(["conn-0", "conn-1", "conn-2"], streamed.Select(m => m.SectionNames.Single()));
        var events = new List<ViciEvent>();
        for (var i = 0; i < 3; i++)
        {
            events.Add(await client.Events.ReadAsync().AsTask().WaitAsync(Wait));
        }

        Assert.All(events, e => Assert.Equal("ike-updown", e.Name));
        Assert.Equal([0L, 1L, 2L], events.Select(e => e.Message.GetInt64("n")!.Value));
        Assert.False(client.Events.TryRead(out _)); // no list-sa leaked into the event channel
        // the stream's event was unregistered afterwards; the user's registration stays
        Assert.Equal(["ike-updown"], server.Server.Connections.Single().RegisteredEvents);
    }

    [Fact]
    public async Task Registering_an_unknown_event_reports_it_without_breaking_the_connection()
    {
        await using var server = new TestServer().Start();
        await using var client = await server.ConnectAsync();
        var e = await Assert.ThrowsAsync<ViciUnknownEventException>(() => client.RegisterAsync("alert"));
        Assert.Equal("alert", e.EventName);
        var unsupported = await client.RegisterAllAsync(["ike-updown", "alert", "log"]);
        Assert.Equal(["alert"], unsupported);
        Assert.Contains("alert", client.UnsupportedEvents);
        Assert.Equal(["ike-updown", "log"], client.RegisteredEvents.Order());
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task A_timed_out_command_keeps_the_connection_and_its_late_answer_is_not_given_to_the_next_command()
    {
        await using var server = new TestServer().Start();
        var release = new TaskCompletionSource();
        server.Server.Handle("stall", async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return new ViciMessage().Set("who", "stall");
        });
        await using var client = await server.ConnectAsync();
        var e = await Assert.ThrowsAsync<ViciTimeoutException>(() => client.CallAsync("stall", timeout: TimeSpan.FromMilliseconds(200)));
        Assert.False(e.ConnectionClosed);
        release.SetResult();
        var version = await client.CallAsync("version");
        Assert.Equal("charon", version.GetString("daemon"));
        Assert.Null(version.GetString("who"));
    }

    [Fact]
    public async Task A_timeout_in_the_middle_of_a_frame_closes_the_connection()
    {
        await using var server = new TestServer().Start();
        var written = new TaskCompletionSource();
        server.Server.Handle("half", async (req, ct) =>
        {
            // the header promises 100 bytes, only 3 come: the client is left mid-frame
            var bytes = new byte[7];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, 100);
            bytes[4] = (byte)ViciPacketType.CmdResponse;
            await req.Connection.WriteRawAsync(bytes);
            written.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new ViciMessage();
        });
        await using var client = await server.ConnectAsync();
        // the timeout must strike after the half frame has been read, even on a loaded machine
        using var cts = new CancellationTokenSource();
        var call = client.CallAsync("half", timeout: Timeout.InfiniteTimeSpan, cancellationToken: cts.Token);
        await written.Task.WaitAsync(Wait);
        await Task.Delay(500);
        await cts.CancelAsync();
        var e = await Assert.ThrowsAsync<OperationCanceledException>(() => call);
        Assert.Contains("mid-frame", e.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.CallAsync("version"));
        await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.Completion.WaitAsync(Wait));

        // and with a timeout rather than a cancellation, on a fresh connection
        await using var second = await server.ConnectAsync();
        written = new TaskCompletionSource();
        var timedOut = await Assert.ThrowsAsync<ViciTimeoutException>(() => second.CallAsync("half", timeout: TimeSpan.FromSeconds(3)));
        Assert.True(timedOut.ConnectionClosed);
    }

    [Fact]
    public async Task Peer_closing_fails_the_pending_command_and_completion_with_connection_lost()
    {
        await using var server = new TestServer().Start();
        server.Server.Handle("die", async (req, ct) =>
        {
            _ = Task.Run(async () => await req.Connection.CloseAsync());
            await Task.Delay(Timeout.Infinite, ct);
            return new ViciMessage();
        });
        await using var client = await server.ConnectAsync();
        await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.CallAsync("die", timeout: Wait));
        await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.Completion.WaitAsync(Wait));
        var closed = await Assert.ThrowsAsync<System.Threading.Channels.ChannelClosedException>(async () => await client.Events.ReadAsync().AsTask().WaitAsync(Wait));
        Assert.IsType<ViciConnectionLostException>(closed.InnerException);
    }

    [Fact]
    public async Task A_handler_may_close_its_own_connection_without_hanging()
    {
        await using var server = new TestServer().Start();
        server.Server.Handle("hangup", async (req, _) =>
        {
            await req.Connection.CloseAsync();
            return new ViciMessage();
        });
        await using var client = await server.ConnectAsync();
        await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.CallAsync("hangup", timeout: Wait));
        Assert.Empty(server.Server.Connections);
    }

    [Fact]
    public async Task Garbage_from_the_daemon_is_a_protocol_error_that_closes_only_that_connection()
    {
        await using var server = new TestServer().Start();
        server.Server.Handle("garbage", async (req, ct) =>
        {
            await req.Connection.WriteRawAsync(new byte[] { 0, 0, 0, 2, 99, 1 }); // packet type 99
            await Task.Delay(Timeout.Infinite, ct);
            return new ViciMessage();
        });
        await using var bad = await server.ConnectAsync();
        await using var good = await server.ConnectAsync();
        var e = await Assert.ThrowsAsync<ViciProtocolException>(() => bad.CallAsync("garbage", timeout: Wait));
        Assert.Equal(ViciProtocolError.UnknownPacketType, e.Error);
        Assert.False(bad.IsConnected);
        Assert.Equal("charon", (await good.CallAsync("version")).GetString("daemon"));
    }

    [Fact]
    public async Task Oversized_frame_from_the_daemon_is_refused_before_it_is_buffered()
    {
        await using var server = new TestServer().Start();
        server.Server.Handle("huge", async (req, ct) =>
        {
            var header = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(header, 600 * 1024);
            await req.Connection.WriteRawAsync(header);
            await Task.Delay(Timeout.Infinite, ct);
            return new ViciMessage();
        });
        await using var client = await server.ConnectAsync();
        var e = await Assert.ThrowsAsync<ViciProtocolException>(() => client.CallAsync("huge", timeout: Wait));
        Assert.Equal(ViciProtocolError.FrameTooLarge, e.Error);
    }

    [Fact]
    public async Task Oversized_request_is_refused_locally_and_the_connection_stays_usable()
    {
        await using var server = new TestServer().Start();
        await using var client = await server.ConnectAsync(new ViciClientOptions { Limits = new ViciLimits { MaxFrameLength = 1024 } });
        var big = new ViciMessage().Set("data", new byte[2000]);
        var e = await Assert.ThrowsAsync<ViciProtocolException>(() => client.CallAsync("load-cert", big));
        Assert.Equal(ViciProtocolError.FrameTooLarge, e.Error);
        Assert.Equal("charon", (await client.CallAsync("version")).GetString("daemon"));
    }

    [Fact]
    public async Task A_slow_event_consumer_never_blocks_commands_and_drops_are_counted()
    {
        await using var server = new TestServer().Start();
        server.Server.Handle("burst", async (req, _) =>
        {
            for (var i = 0; i < 50; i++)
            {
                await req.Connection.SendEventAsync("log", new ViciMessage().Set("msg", $"line {i}"));
            }

            return new ViciMessage();
        });
        await using var client = await server.ConnectAsync(new ViciClientOptions { EventBufferCapacity = 10 });
        await client.RegisterAsync("log");
        await client.CallAsync("burst", timeout: Wait);   // nobody reads Events, yet the command completes
        await client.CallAsync("version", timeout: Wait);
        Assert.Equal(40, client.DroppedEvents);
        Assert.True(client.Events.TryRead(out var oldest));
        Assert.Equal("line 40", oldest.Message.GetString("msg"));
    }

    [Fact]
    public async Task Concurrent_callers_are_serialised_and_each_gets_its_own_answer()
    {
        await using var server = new TestServer().Start();
        server.Server.Handle("echo", async (req, _) =>
        {
            await Task.Yield();
            return new ViciMessage().Set("n", req.Message.GetString("n")!);
        });
        await using var client = await server.ConnectAsync();
        var calls = Enumerable.Range(0, 200).Select(async i =>
            (i, (await client.CallAsync("echo", new ViciMessage().Set("n", i), timeout: Wait)).GetInt64("n")));
        foreach (var (i, n) in await Task.WhenAll(calls))
        {
            Assert.Equal(i, n);
        }
    }

    [Fact]
    public async Task Breaking_out_of_a_stream_early_leaves_the_connection_in_step()
    {
        await using var server = new TestServer().Start();
        server.Server.Handle("list-sas", async (req, _) =>
        {
            for (var i = 0; i < 20; i++)
            {
                await req.StreamAsync("list-sa", new ViciMessage().Set($"c{i}", new ViciMessage()));
            }

            return new ViciMessage();
        });
        await using var client = await server.ConnectAsync();
        await foreach (var _ in client.StreamAsync("list-sas", "list-sa"))
        {
            break;
        }

        Assert.Equal("charon", (await client.CallAsync("version", timeout: Wait)).GetString("daemon"));
        var all = new List<ViciMessage>();
        await foreach (var m in client.StreamAsync("list-sas", "list-sa"))
        {
            all.Add(m);
        }

        Assert.Equal(20, all.Count);
    }

    [Fact]
    public async Task Exec_transport_talks_through_a_command_stdin_and_stdout()
    {
        Assert.True(File.Exists("/usr/bin/socat"), "socat is not installed: run the README's test command, which installs it");
        await using var server = new TestServer().Start();
        await using var client = await ViciClient.ConnectAsync($"exec:socat - UNIX-CONNECT:{server.SocketPath}");
        Assert.Equal(ViciTransportKind.Exec, client.Endpoint!.Kind);
        Assert.Equal("charon", (await client.CallAsync("version", timeout: Wait)).GetString("daemon"));
    }

    [Fact]
    public async Task Exec_transport_reports_the_command_stderr_when_it_fails()
    {
        await using var client = await ViciClient.ConnectAsync("exec:sh -c 'echo no route to gw >&2; exit 3'");
        var e = await Assert.ThrowsAsync<ViciConnectionLostException>(() => client.CallAsync("version", timeout: Wait));
        Assert.Contains("no route to gw", e.Message + client.Completion.Exception?.InnerException?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connecting_to_a_missing_socket_is_a_clear_connect_error()
    {
        var e = await Assert.ThrowsAsync<ViciConnectException>(() => ViciClient.ConnectAsync("unix:///nonexistent/charon.vici"));
        Assert.Contains("unix:///nonexistent/charon.vici", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcp_to_a_non_loopback_host_warns_that_vici_is_cleartext()
    {
        var warnings = new List<string>();
        var options = new ViciClientOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200), OnWarning = warnings.Add };
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never routed, so nothing is contacted
        await Assert.ThrowsAsync<ViciConnectException>(() => ViciClient.ConnectAsync("tcp://192.0.2.1:4502", options));
        Assert.Contains(warnings, w => w.Contains("cleartext", StringComparison.Ordinal));
        Assert.False(ViciEndpoint.Parse("tcp://127.0.0.1:4502").IsInsecure);
    }

    [Fact]
    public async Task Tcp_transport_on_loopback_works()
    {
        await using var server = new TestServer();
        var uri = server.Server.Listen("tcp://127.0.0.1:0");
        await using var client = await ViciClient.ConnectAsync(uri);
        Assert.Empty(client.Warnings);
        Assert.Equal("charon", (await client.CallAsync("version", timeout: Wait)).GetString("daemon"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("http://x", "unsupported scheme")]
    [InlineData("unix://relative/path", "absolute path")]
    [InlineData("tcp://host", "host:port")]
    [InlineData("tcp://host:99999", "port")]
    [InlineData("exec:", "needs a command")]
    [InlineData("exec:ssh 'gw", "unterminated")]
    public void Bad_uris_say_what_is_wrong(string uri, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ViciEndpoint.Parse(uri));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uris_parse_like_swanctl()
    {
        Assert.Equal("/var/run/charon.vici", ViciEndpoint.Parse("unix:///var/run/charon.vici").Path);
        var tcp = ViciEndpoint.Parse("tcp://[::1]:4502");
        Assert.Equal(("::1", 4502), (tcp.Host, tcp.Port));
        Assert.Equal(["ssh", "gw 1", "socat", "-", "UNIX-CONNECT:/run/charon.vici"],
            ViciEndpoint.Parse("exec:ssh \"gw 1\" socat - UNIX-CONNECT:/run/charon.vici").Command);
    }
}
