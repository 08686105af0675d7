using FleetCtl.Web.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FleetCtl.Web.Tests;

/// <summary>Users, passwords and tokens as the store keeps them (hashes only) and checks them.</summary>
public sealed class AuthStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-auth-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private FleetAuthStore Store(FleetAuthOptions? options = null) =>
        new(options ?? new FleetAuthOptions(), _dir, NullLogger<FleetAuthStore>.Instance, _time);

    private static FleetAuthOptions WithUser(string name, string role, string password = "a long password") => new()
    {
        Users = [new ConfiguredUser { Name = name, Role = role, PasswordHash = FleetPasswordHasher.Hash(password, FleetPasswordHasher.MinIterations) }],
    };

    [Fact]
    public void Hashes_verify_only_the_password_they_were_made_from_and_differ_each_time()
    {
        var a = FleetPasswordHasher.Hash("s3cret password", 1000);
        var b = FleetPasswordHasher.Hash("s3cret password", 1000);
        Assert.NotEqual(a, b);
        Assert.True(FleetPasswordHasher.Verify("s3cret password", a));
        Assert.False(FleetPasswordHasher.Verify("s3cret passwore", a));
        Assert.False(FleetPasswordHasher.Verify("s3cret password", "plain-text"));
        Assert.False(FleetPasswordHasher.Verify("s3cret password", "pbkdf2-sha512$10$AAAA$AAAA"));
        Assert.StartsWith("pbkdf2-sha512$210000$", FleetPasswordHasher.Hash("x"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_start_creates_one_admin_whose_password_is_stored_only_hashed()
    {
        var store = Store();
        var password = store.EnsureFirstAdmin();
        Assert.NotNull(password);
        Assert.True(password.Length >= 20);
        var file = File.ReadAllText(store.StatePath);
        Assert.DoesNotContain(password, file, StringComparison.Ordinal);
        Assert.Contains("pbkdf2-sha512", file, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.StatePath));
        }

        var again = Store();
        Assert.Null(again.EnsureFirstAdmin());
        var (identity, _) = again.CheckPassword("admin", password, null);
        Assert.Equal(new FleetIdentity("admin", FleetRoles.Admin, "password"), identity);
    }

    [Fact]
    public void No_admin_is_created_when_users_are_configured()
    {
        var store = Store(WithUser("ops", FleetRoles.Operator));
        Assert.Null(store.EnsureFirstAdmin());
        Assert.False(File.Exists(store.StatePath));
    }

    [Fact]
    public void Repeated_wrong_passwords_lock_the_user_out_even_from_the_right_one_until_the_lockout_ends()
    {
        var options = WithUser("ops", FleetRoles.Operator);
        options.LockoutFailures = 3;
        options.LockoutSeconds = 60;
        var store = Store(options);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(LoginRefusal.WrongPassword, store.CheckPassword("ops", "guess " + i, "10.0.0.9").Refusal);
        }

        Assert.Equal(LoginRefusal.LockedOut, store.CheckPassword("ops", "a long password", "10.0.0.9").Refusal);
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.NotNull(store.CheckPassword("ops", "a long password", "10.0.0.9").Identity);
        Assert.Equal(LoginRefusal.UnknownUser, store.CheckPassword("nobody", "a long password", null).Refusal);
    }

    [Fact]
    public void Tokens_are_kept_as_hashes_expire_and_never_outrank_their_user()
    {
        var store = Store(WithUser("ops", FleetRoles.Operator));
        Assert.Throws<ArgumentException>(() => store.CreateToken("ops", "too much", FleetRoles.Admin));

        var (info, token) = store.CreateToken("ops", "ci", FleetRoles.Viewer, TimeSpan.FromDays(1));
        Assert.DoesNotContain(token, File.ReadAllText(store.StatePath), StringComparison.Ordinal);
        Assert.Equal(FleetRoles.Viewer, Store(WithUser("ops", FleetRoles.Operator)).CheckToken(token, null).Identity?.Role);

        // the user is demoted in the configuration: the token shrinks with them; removed: it dies
        var demoted = Store(WithUser("ops", FleetRoles.Viewer));
        var (operatorInfo, operatorToken) = Store(WithUser("ops", FleetRoles.Operator)).CreateToken("ops", "op", FleetRoles.Operator);
        Assert.Equal(FleetRoles.Viewer, Store(WithUser("ops", FleetRoles.Viewer)).CheckToken(operatorToken, null).Identity?.Role);
        Assert.Null(Store(WithUser("someone-else", FleetRoles.Admin)).CheckToken(operatorToken, null).Identity);
        Assert.NotNull(operatorInfo);
        Assert.NotNull(demoted);

        _time.Advance(TimeSpan.FromDays(1.01));
        Assert.Equal("expired token", Store(WithUser("ops", FleetRoles.Operator)).CheckToken(token, null).Reason);

        var store2 = Store(WithUser("ops", FleetRoles.Operator));
        Assert.True(store2.RevokeToken(info.Id, "ops"));
        Assert.False(store2.RevokeToken(info.Id, "ops"));
        Assert.Equal("unknown or revoked token", Store(WithUser("ops", FleetRoles.Operator)).CheckToken(token, null).Reason);
    }

    [Fact]
    public void Configured_tokens_are_matched_by_their_sha256()
    {
        var options = new FleetAuthOptions
        {
            Tokens = [new ConfiguredToken { Name = "prometheus", Role = FleetRoles.Viewer, Hash = FleetAuthStore.HashToken("fct_scrape-token-1234567890abcdef") }],
        };
        Assert.Empty(options.Validate());
        var store = Store(options);
        var identity = store.CheckToken("fct_scrape-token-1234567890abcdef", null).Identity;
        Assert.Equal(new FleetIdentity("token:prometheus", FleetRoles.Viewer, "token", "cfg-prometheus"), identity);
        Assert.Null(store.CheckToken("fct_scrape-token-1234567890abcdeX", null).Identity);
    }

    [Fact]
    public void Only_state_file_users_change_their_password_and_only_with_the_current_one()
    {
        var store = Store();
        var password = store.EnsureFirstAdmin()!;
        Assert.Equal("the current password is wrong", store.ChangePassword("admin", "nope", "a brand new password"));
        Assert.Contains("at least 10", store.ChangePassword("admin", password, "short"), StringComparison.Ordinal);
        Assert.Null(store.ChangePassword("admin", password, "a brand new password"));
        Assert.NotNull(Store().CheckPassword("admin", "a brand new password", null).Identity);
        Assert.Null(Store().CheckPassword("admin", password, null).Identity);

        Assert.Contains("configuration", Store(WithUser("ops", FleetRoles.Operator)).ChangePassword("ops", "a long password", "another long one"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_settings_are_listed_one_per_line()
    {
        var options = new FleetAuthOptions
        {
            Users =
            [
                new ConfiguredUser { Name = "a", Role = "root", PasswordHash = "hunter2" },
                new ConfiguredUser { Name = "A", Role = "viewer", PasswordHash = FleetPasswordHasher.Hash("x", 1000) },
            ],
            Tokens = [new ConfiguredToken { Name = "t", Role = "viewer", Hash = "abc" }],
        };
        var problems = options.Validate();
        Assert.Contains(problems, p => p.Contains("Users:0: Role 'root'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Users:0: PasswordHash is not", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("user 'A' is declared twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Tokens:0: Hash must be", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("hunter2", StringComparison.Ordinal));
    }
}
