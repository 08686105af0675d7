using FleetCtl.Fleet.Operations;
using FleetCtl.Simulator;

namespace FleetCtl.Fleet.Tests;

/// <summary>
/// The same story against any journal (SQLite by default, PostgreSQL for a cluster): a drain of three simulated gateways
/// is under way when the controller goes away with three items in flight; a new controller on the same journal resumes it,
/// checks the items in flight against the gateway, and finishes with no item done twice.
/// </summary>
internal static class OperationsRestartScenario
{
    private const string Redirect = "redirect";

    public static async Task RunAsync(SimulatedFleet fleet, string dataDirectory, string? postgres)
    {
        var inventory = OperationsHost.InventoryOf(fleet);
        var sources = new[] { "gw-001", "gw-002", "gw-003" };
        long id;
        OperationPreview preview;
        IDisposable stall;
        await using (var host = await OperationsHost.StartAsync(inventory, dataDirectory, postgres: postgres))
        {
            preview = await host.Operations.PreviewAsync(new OperationRequest
            {
                Selector = new OperationSelector { Gateways = sources },
                Action = OperationAction.Redirect("gw-004"),
                Plan = new OperationPlan { WaveSize = 1000, MaxConcurrentPerGateway = 3, ItemTimeout = TimeSpan.FromMinutes(2) },
            });

            // gw-003 holds every command: its first items stay in flight while the others finish
            stall = fleet["gw-003"].StallResponses();
            var started = Assert.IsType<ExecuteResult.Started>(await host.Operations.ExecuteAsync(preview.Id, "alice", preview.Hash));
            id = started.Operation.Id;
            var gw3 = preview.Items.Count(i => i.Gateway == "gw-003");
            var midway = await host.WaitAsync(id, r => r.Summary.Counts.Succeeded == preview.Items.Count - gw3 && r.Summary.Counts.InFlight == 3,
                "every item but gw-003's done, three of gw-003's in flight");
            Assert.All(midway.Items.Where(i => i.Item.Gateway == "gw-003"), i => Assert.Contains(i.Status, new[] { ItemStatus.InFlight, ItemStatus.Pending }));
            await host.StopAsync(); // the controller goes away; the stalled commands die with their connection, never handled
        }

        // released, gw-003 carries out the one command it had received (as charon does, though its client is gone); the other
        // two in flight were still queued in the controller's session and never reached it
        stall.Dispose();
        await Poll.UntilAsync(() => fleet["gw-003"].CommandsHandled(Redirect) == 1, "gw-003 to run the command it held");
        Assert.Equal(preview.Items.Count(i => i.Gateway != "gw-003") + 1, fleet.Gateways.Sum(g => g.CommandsHandled(Redirect)));

        await using (var host = await OperationsHost.StartAsync(inventory, dataDirectory, postgres: postgres))
        {
            var record = await host.WaitFinalAsync(id);
            Assert.Equal(OperationState.Completed, record.Summary.State);
            Assert.All(record.Items, i => Assert.Equal(ItemStatus.Succeeded, i.Status));
            // the three in flight were checked against gw-003: the one it carried out counts as done (its SA is gone), the two
            // still up were sent once more; nothing else twice
            var confirmed = Assert.Single(record.Items, i => i.Message?.Contains("confirmed from the gateway's state", StringComparison.Ordinal) == true);
            Assert.Equal(("gw-003", 1), (confirmed.Item.Gateway, confirmed.Attempts));
            Assert.Equal(2, record.Items.Count(i => i.Attempts == 2));
            Assert.All(record.Items.Where(i => i.Attempts == 2), i => Assert.Equal("gw-003", i.Item.Gateway));
            Assert.Contains(record.Controls, c => c.What == "resumed-after-restart");
            foreach (var source in sources)
            {
                Assert.Equal(preview.Items.Count(i => i.Gateway == source), fleet[source].CommandsHandled(Redirect));
                Assert.All(fleet[source].GetIkeSas(), s => Assert.Equal(1, s.Version));
            }

            var page = await host.Operations.ListAsync(new OperationQuery { Gateway = "GW-003" });
            Assert.Equal((id, OperationState.Completed), (Assert.Single(page.Items).Id, page.Items[0].State));
        }
    }
}
