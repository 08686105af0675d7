using FleetCtl.Vici.Commands;
using FleetCtl.Vici.Events;
using Xunit;

namespace FleetCtl.Vici.Tests;

public sealed class TypedResultTests
{
    [Fact]
    public void Command_result_reads_success_and_errmsg()
    {
        var ok = ViciCommandResult.Parse(new ViciMessage().Set("success", "yes"));
        Assert.True(ok.Success);
        Assert.Null(ok.ErrorMessage);

        var failed = ViciCommandResult.Parse(new ViciMessage().Set("success", "no").Set("errmsg", "policy 'net' not found"));
        Assert.False(failed.Success);
        Assert.Equal("policy 'net' not found", failed.ErrorMessage);
    }

    [Fact]
    public void Terminate_result_reads_counts_even_from_a_failure()
    {
        var response = new ViciMessage().Set("success", "no").Set("matches", 2L).Set("terminated", 1L)
            .Set("errmsg", "not all matching SAs could be terminated");
        var failure = new ViciCommandFailedException("terminate", "not all matching SAs could be terminated", response);

        var result = TerminateResult.Parse(failure.Response);

        Assert.False(result.Success);
        Assert.Equal(2, result.Matches);
        Assert.Equal(1, result.Terminated);
        Assert.Empty(result.Log);
    }

    [Fact]
    public void Rekey_and_redirect_results_read_matches()
    {
        Assert.Equal(3, RekeyResult.Parse(new ViciMessage().Set("success", "yes").Set("matches", 3L)).Matches);
        var redirect = RedirectResult.Parse(new ViciMessage().Set("success", "yes").Set("matches", 1L));
        Assert.True(redirect.Success);
        Assert.Equal(1, redirect.Matches);
        Assert.Null(RedirectResult.Parse(new ViciMessage().Set("success", "yes").Set("matches", "one")).Matches);
    }

    [Fact]
    public void Initiate_result_keeps_the_log()
    {
        var line = ControlLogEvent.Parse(CharonSamples.ControlLog());

        var result = InitiateResult.Parse(new ViciMessage().Set("success", "yes"), [line]);

        Assert.True(result.Success);
        Assert.Same(line, Assert.Single(result.Log));
    }

    [Fact]
    public void Load_key_result_reads_the_key_id()
    {
        var result = LoadKeyResult.Parse(new ViciMessage().Set("success", "yes").Set("id", "3f1c0e2d9a8b7c6d5e4f30211a0b9c8d7e6f5a4b"));

        Assert.Equal("3f1c0e2d9a8b7c6d5e4f30211a0b9c8d7e6f5a4b", result.KeyId);
    }
}
