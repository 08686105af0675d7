namespace FleetCtl.Libreswan.Tests;

public sealed class CommandTests
{
    private sealed class FakeRunner(Func<IReadOnlyList<string>, CommandResult>? answer = null) : ICommandRunner
    {
        public List<IReadOnlyList<string>> Calls { get; } = [];

        public Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CommandOptions options, CancellationToken cancellationToken = default)
        {
            Calls.Add(argv);
            return Task.FromResult(answer?.Invoke(argv) ?? new CommandResult(argv, 0, "", "", false, TimeSpan.Zero));
        }
    }

    [Fact]
    public void Ipsec_prefix_uses_the_ipsec_front_end()
    {
        var c = new LibreswanCommands("ssh gw1 sudo ipsec", new FakeRunner());

        Assert.Equal(LibreswanCommandStyle.Ipsec, c.Style);
        Assert.Equal(["ssh", "gw1", "sudo", "ipsec", "status"], c.StatusArgv());
        Assert.Equal(["ssh", "gw1", "sudo", "ipsec", "trafficstatus"], c.TrafficStatusArgv());
        Assert.Equal(["ssh", "gw1", "sudo", "ipsec", "auto", "--up", "s2s"], c.UpArgv("s2s"));
        Assert.Equal(["ssh", "gw1", "sudo", "ipsec", "auto", "--asynchronous", "--up", "s2s"], c.UpArgv("s2s", asynchronous: true));
        Assert.Equal(["ssh", "gw1", "sudo", "ipsec", "auto", "--down", "s2s"], c.DownArgv("s2s"));
        Assert.Equal(["ssh", "gw1", "sudo", "ipsec", "whack", "--deletestate", "12"], c.DeleteStateArgv(12));
        Assert.Equal(["ssh", "gw1", "sudo", "ipsec", "whack", "--rekey-ike", "--name", "s2s"], c.RekeyIkeArgv("s2s"));
        Assert.Equal(["ssh", "gw1", "sudo", "ipsec", "whack", "--rekey-ipsec", "--name", "s2s", "--asynchronous"], c.RekeyIpsecArgv("s2s", asynchronous: true));
        Assert.Equal(["ssh", "gw1", "sudo", "ipsec", "whack", "--name", "s2s", "--redirect-to", "192.0.2.9"], c.RedirectArgv("s2s", "192.0.2.9"));
    }

    [Fact]
    public void Whack_prefix_uses_whacks_own_options_and_keeps_quoted_words_whole()
    {
        var c = new LibreswanCommands("/usr/libexec/ipsec/whack --ctlsocket '/run/my pluto/pluto.ctl'", new FakeRunner());

        Assert.Equal(LibreswanCommandStyle.Whack, c.Style);
        string[] p = ["/usr/libexec/ipsec/whack", "--ctlsocket", "/run/my pluto/pluto.ctl"];
        Assert.Equal([.. p, "--status"], c.StatusArgv());
        Assert.Equal([.. p, "--trafficstatus"], c.TrafficStatusArgv());
        Assert.Equal([.. p, "--name", "s2s", "--initiate", "--asynchronous"], c.UpArgv("s2s", asynchronous: true));
        Assert.Equal([.. p, "--name", "s2s", "--terminate"], c.DownArgv("s2s"));
        Assert.Equal([.. p, "--deletestate", "3"], c.DeleteStateArgv(3));
        Assert.Equal([.. p, "--rekey-ike", "--name", "s2s"], c.RekeyIkeArgv("s2s"));
    }

    [Fact]
    public void A_hostile_connection_name_stays_one_argument()
    {
        var c = new LibreswanCommands("ipsec", new FakeRunner());

        Assert.Equal("x; rm -rf / #", c.DownArgv("x; rm -rf / #")[^1]);
        Assert.Throws<ArgumentException>(() => c.UpArgv("--shutdown"));
        Assert.Throws<ArgumentException>(() => c.UpArgv(" "));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.DeleteStateArgv(0));
        Assert.Throws<ArgumentException>(() => new LibreswanCommands("  "));
    }

    [Fact]
    public async Task Status_runs_status_and_trafficstatus_and_parses_both()
    {
        var runner = new FakeRunner(argv => new CommandResult(argv, 0, argv[^1] switch
        {
            "status" => "000 #1: \"a\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 9s; newest; idle;\n" +
                        "000 #2: \"a\":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); REKEY in 9s; IKE SA #1; idle;\n" +
                        "000 #2: \"a\" esp.01020304@10.0.0.2 esp.05060708@10.0.0.1 Traffic: ESPin=1KB ESPout=0B ESPmax=2^63B\n",
            _ => "006 #2: \"a\", type=ESP, add_time=1, inBytes=1500, outBytes=7, id='@b'\n",
        }, "", false, TimeSpan.Zero));
        var c = new LibreswanCommands("ipsec", runner);

        var status = await c.StatusAsync();

        Assert.Equal([["ipsec", "status"], ["ipsec", "trafficstatus"]], runner.Calls.Select(a => a.ToArray()));
        var child = Assert.Single(Assert.Single(LibreswanSas.FromStatus(status).IkeSas).Children);
        Assert.Equal((1500L, 7L), (child.InBytes!.Value, child.OutBytes!.Value));
    }

    [Fact]
    public async Task A_nonzero_exit_throws_with_the_result_and_stderr()
    {
        var c = new LibreswanCommands("ipsec", new FakeRunner(argv => new CommandResult(argv, 3, "", "whack: no connection named \"nope\"\n", false, TimeSpan.Zero)));

        var e = await Assert.ThrowsAsync<LibreswanCommandException>(() => c.UpAsync("nope"));

        Assert.Equal(3, e.Result!.ExitCode);
        Assert.Contains("exited 3: whack: no connection named \"nope\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("ipsec auto --up nope", e.Message, StringComparison.Ordinal);
    }

    // ---- the real process runner --------------------------------------------------------------------------

    private static readonly CommandOptions Quick = new() { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task Real_process_output_exit_code_and_stderr()
    {
        var result = await ProcessCommandRunner.Instance.RunAsync(["/bin/sh", "-c", "echo out; echo err >&2; exit 7"], Quick);

        Assert.Equal((7, "out\n", "err\n", false), (result.ExitCode, result.StdOut, result.StdErr, result.OutputTruncated));
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Arguments_reach_the_process_verbatim_without_a_shell()
    {
        var result = await ProcessCommandRunner.Instance.RunAsync(["/bin/echo", "a b", "$(id)", "'q'", ";"], Quick);

        Assert.Equal("a b $(id) 'q' ;\n", result.StdOut);
    }

    [Fact]
    public async Task Output_beyond_the_cap_is_dropped_and_flagged()
    {
        var result = await ProcessCommandRunner.Instance.RunAsync(["/bin/sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x"], Quick with { MaxOutputBytes = 1000 });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new string('x', 1000), result.StdOut);
        Assert.True(result.OutputTruncated);
    }

    [Fact]
    public async Task A_command_over_its_timeout_is_killed()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<CommandTimeoutException>(() =>
            ProcessCommandRunner.Instance.RunAsync(["/bin/sh", "-c", "echo started; exec sleep 30"], new CommandOptions { Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal("started\n", e.PartialOutput);
        Assert.Contains("did not finish within 0.3 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_kills_the_command_and_throws_cancelled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProcessCommandRunner.Instance.RunAsync(["/bin/sleep", "30"], Quick, cts.Token));
    }

    [Fact]
    public async Task A_missing_binary_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<CommandNotFoundException>(() => ProcessCommandRunner.Instance.RunAsync(["/nonexistent/ipsec", "status"], Quick));

        Assert.Contains("/nonexistent/ipsec", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_over_a_real_process_surface_the_exit_code()
    {
        var c = new LibreswanCommands(["/bin/sh", "-c", "echo \"$0 $*\" >&2; exit 1", "whack"]);

        var e = await Assert.ThrowsAsync<LibreswanCommandException>(() => c.DeleteStateAsync(4));

        Assert.Equal(1, e.Result!.ExitCode);
        Assert.Equal("whack --deletestate 4\n", e.Result.StdErr);
    }
}
