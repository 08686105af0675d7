using FleetCtl.Integration.Tests.Lab;
using FleetCtl.Libreswan;
using Xunit.Abstractions;

namespace FleetCtl.Integration.Tests;

/// <summary>The libreswan status parser and command runner against a real pluto 4.10 peering with a real charon.</summary>
public sealed class LibreswanRealPlutoTests(ITestOutputHelper output)
{
    [CharonLabFact]
    public async Task Parser_and_commands_follow_a_real_pluto_through_up_delete_and_up()
    {
        await using var lab = await LibreswanLab.StartAsync(output.WriteLine);
        await lab.LoadCharonAsync(childless: "force");
        var commands = lab.Commands;

        var idle = await commands.StatusAsync();
        output.WriteLine(string.Join('\n', idle.UnknownLines.Select(u => $"unknown line {u.LineNumber}: {u.Text}")));
        Assert.Empty(idle.UnknownLines);
        var conn = Assert.Single(idle.Connections);
        Assert.Equal((LibreswanLab.ConnectionName, lab.Charon.OuterAddress, lab.PlutoSlot.OuterAddress), (conn.Name, conn.Remote.Host!, conn.Local.Host!));
        Assert.Equal(("@" + lab.Charon.Identity, 2), (conn.RemoteId!, conn.IkeVersion!.Value));
        Assert.Empty(idle.States);

        // charon initiates: pluto responds and holds a childless IKE SA
        (await lab.Charon.SwanctlAsync("--initiate", "--ike", LibreswanLab.ConnectionName, "--timeout", "15")).EnsureSuccess();
        var ike = await WaitForEstablishedIkeSaAsync(commands);
        Assert.Equal((LibreswanLab.ConnectionName, lab.Charon.OuterAddress, 2), (ike.Connection, ike.PeerAddress!, ike.IkeVersion!.Value));
        Assert.Empty(ike.Children);

        // terminate it with whack --deletestate
        var deleted = await commands.DeleteStateAsync(ike.Serial);
        output.WriteLine(deleted.StdOut);
        await WaitUntilAsync(commands, s => s.States.Count == 0 && s.Totals.IkeSaTotal == 0, "the IKE SA to be gone");

        // initiate from pluto's side (auto --up = whack --name s2s --initiate); asynchronous, since pluto keeps retrying the child it cannot install
        await commands.UpAsync(LibreswanLab.ConnectionName, asynchronous: true);
        var again = await WaitForEstablishedIkeSaAsync(commands);
        Assert.NotEqual(ike.Serial, again.Serial);
        Assert.Equal(lab.Charon.OuterAddress, again.PeerAddress);

        var missing = await Assert.ThrowsAsync<LibreswanCommandException>(() => commands.DeleteStateAsync(9999));
        output.WriteLine($"deletestate of a missing state: {missing.Message}");
    }

    private static async Task<LibreswanIkeSa> WaitForEstablishedIkeSaAsync(LibreswanCommands commands)
    {
        var status = await WaitUntilAsync(commands, s => LibreswanSas.FromStatus(s).IkeSas.Any(i => i.IsEstablished), "an established IKE SA");
        return LibreswanSas.FromStatus(status).IkeSas.First(i => i.IsEstablished);
    }

    private static async Task<LibreswanStatus> WaitUntilAsync(LibreswanCommands commands, Func<LibreswanStatus, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var status = await commands.StatusAsync();
            if (done(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {what} within 20 s; last status:\n{await commands.StatusTextAsync()}");
            }

            await Task.Delay(100);
        }
    }
}
