using FleetCtl.Vici;

namespace FleetCtl.Vici.Tests;

/// <summary>A ViciServer on a unix socket in a fresh temp folder, torn down with the test.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly string _dir;

    public TestServer(ViciServerOptions? options = null)
    {
        _dir = Directory.CreateTempSubdirectory("fleetctl-vici-").FullName;
        Server = new ViciServer(options);
        Server.DeclareEvents("ike-updown", "child-updown", "log", "list-sa", "control-log");
        Server.Handle("version", (_, _) => ValueTask.FromResult(new ViciMessage()
            .Set("daemon", "charon").Set("version", "5.9.8").Set("sysname", "Linux").Set("release", "6.1").Set("machine", "x86_64")));
    }

    public ViciServer Server { get; }

    public string SocketPath => Path.Combine(_dir, "charon.vici");

    public string Uri { get; private set; } = "";

    public TestServer Start()
    {
        Uri = Server.Listen("unix://" + SocketPath);
        return this;
    }

    public Task<ViciClient> ConnectAsync(ViciClientOptions? options = null) => ViciClient.ConnectAsync(Uri, options);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
