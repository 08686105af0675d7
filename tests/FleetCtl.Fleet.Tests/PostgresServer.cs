using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FleetCtl.Fleet.Tests;

/// <summary>
/// A throwaway PostgreSQL 15: initdb in a temp directory owned by <c>postgres</c> (initdb refuses root, so through
/// <c>runuser</c>), started on 127.0.0.1 and a free port with trust auth; stopped and deleted on Dispose, also when
/// start-up failed half way. Needs root (for runuser and chown) and the server binaries: fails clearly otherwise.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir;
    private readonly string _data;
    private bool _started;

    public PostgresServer()
    {
        Require(File.Exists(Path.Combine(Bin, "initdb")) && File.Exists(Path.Combine(Bin, "pg_ctl")),
            $"PostgreSQL 15 server binaries not found in {Bin} (apt-get install postgresql-15).");
        Require(File.Exists("/usr/sbin/runuser") || File.Exists("/sbin/runuser"), "runuser not found: the PostgreSQL tests start a server as user postgres.");
        Require(Environment.UserName == "root", $"the PostgreSQL tests must run as root (to start the server as postgres via runuser); running as '{Environment.UserName}'.");

        _dir = Directory.CreateTempSubdirectory("fleetctl-pg-").FullName;
        _data = Path.Combine(_dir, "data");
        try
        {
            Run("chown", "postgres:postgres", _dir);
            AsPostgres("initdb", "-D", _data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale");
            Port = FreePort();
            AsPostgres("pg_ctl", "-D", _data, "-l", Path.Combine(_dir, "log"), "-o", $"-h 127.0.0.1 -p {Port} -k {_dir}", "-w", "-t", "30", "start");
            _started = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Port { get; }

    /// <summary>A connection string for a database; <see cref="CreateDatabase"/> first for anything but <c>postgres</c>.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15";

    /// <summary>A fresh, empty database (one per test keeps tests independent).</summary>
    public string CreateDatabase(string name)
    {
        using var conn = new Npgsql.NpgsqlConnection(ConnectionString());
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"CREATE DATABASE \"{name}\"";
        cmd.ExecuteNonQuery();
        return ConnectionString(name);
    }

    public void Dispose()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        try
        {
            if (_started)
            {
                _started = false;
                AsPostgres("pg_ctl", "-D", _data, "-m", "immediate", "-w", "-t", "30", "stop");
            }
        }
        finally
        {
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, recursive: true);
            }
        }
    }

    private static void Require(bool ok, string message)
    {
        if (!ok)
        {
            throw new InvalidOperationException("Cannot start a throwaway PostgreSQL: " + message);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void AsPostgres(string tool, params string[] args) => Run("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args]);

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish within 60 s");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stdout.Result}{stderr.Result}");
        }
    }
}
