using FleetCtl.Cli;

return await FleetCtlCli.RunAsync(args, CliContext.FromProcess()).ConfigureAwait(false);
