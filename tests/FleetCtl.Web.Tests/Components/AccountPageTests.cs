using System.Security.Claims;
using System.Text.Json;
using Bunit;
using Bunit.TestDoubles;
using FleetCtl.Web.Auth;
using FleetCtl.Web.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace FleetCtl.Web.Tests.Components;

/// <summary>
/// The account page over a real <see cref="FleetAuthStore"/> in a temp directory: configured users alice (admin) and
/// victor (viewer), and olga (operator) in the state file as a user created at run time would be. Hashes with few
/// iterations, so checking a password is quick.
/// </summary>
public sealed class AccountPageTests : BunitContext, IAsyncLifetime
{
    private const string Password = "olga's first password";
    private static readonly string s_hash = FleetPasswordHasher.Hash(TestCredentials.Password, FleetPasswordHasher.MinIterations);

    private readonly string _dir = Directory.CreateTempSubdirectory("fleetctl-account-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
    private readonly BunitAuthorizationContext _auth;

    public AccountPageTests()
    {
        Options = new FleetAuthOptions
        {
            Users =
            [
                new ConfiguredUser { Name = "alice", Role = FleetRoles.Admin, PasswordHash = s_hash },
                new ConfiguredUser { Name = "victor", Role = FleetRoles.Viewer, PasswordHash = s_hash },
            ],
            Tokens = [new ConfiguredToken { Name = "prometheus", Role = FleetRoles.Viewer, Hash = FleetAuthStore.HashToken("fct_scrape-token-1234567890abcdef") }],
        };
        var state = Path.Combine(_dir, Options.StateFile);
        Directory.CreateDirectory(Path.GetDirectoryName(state)!);
        File.WriteAllText(state, JsonSerializer.Serialize(new
        {
            users = new[] { new { name = "olga", role = FleetRoles.Operator, passwordHash = FleetPasswordHasher.Hash(Password, FleetPasswordHasher.MinIterations), createdAt = _time.GetUtcNow() } },
            tokens = Array.Empty<object>(),
        }));
        Store = new FleetAuthStore(Options, _dir, NullLogger<FleetAuthStore>.Instance, _time);

        Services.AddMudServices();
        Services.AddSingleton(Store);
        Services.AddSingleton(Options);
        Services.AddSingleton<TimeProvider>(_time);
        JSInterop.Mode = JSRuntimeMode.Loose;
        _auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private FleetAuthOptions Options { get; }

    private FleetAuthStore Store { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync(); // MudSelect's services are only IAsyncDisposable
        Directory.Delete(_dir, recursive: true);
    }

    private IRenderedComponent<Account> OpenAs(string user, string role)
    {
        _auth.SetAuthorized(user);
        _auth.SetRoles(role);
        _auth.SetClaims(new Claim(FleetIdentity.MethodClaim, "password"));
        return Render<Account>();
    }

    private static string Text(IRenderedComponent<Account> page, string testId) => page.Find($"[data-testid='{testId}']").TextContent.Trim();

    private static void Type(IRenderedComponent<Account> page, string testId, string text) => page.Find($"input[data-testid='{testId}']").Input(text);

    private static void ChangePassword(IRenderedComponent<Account> page, string current, string replacement, string repeat)
    {
        Type(page, "pw-current", current);
        Type(page, "pw-new", replacement);
        Type(page, "pw-repeat", repeat);
        page.Find("form[data-testid='pw-form']").Submit();
    }

    private static void CreateToken(IRenderedComponent<Account> page, string name, string? role, string days)
    {
        Type(page, "token-name", name);
        if (role is not null)
        {
            OpenRoles(page);
            page.WaitForElement($"[data-testid='token-role-{role}']").Click();
        }

        Type(page, "token-days", days);
        page.Find("form[data-testid='token-form']").Submit();
    }

    private static void OpenRoles(IRenderedComponent<Account> page) =>
        page.Find("div.mud-select:has([data-testid='token-role']) .mud-input-control").MouseDown();

    [Fact]
    public void Shows_who_is_signed_in_with_which_role_and_how()
    {
        var page = OpenAs("olga", FleetRoles.Operator);

        Assert.Equal("olga", Text(page, "account-user"));
        Assert.Equal("operator", Text(page, "account-role"));
        Assert.Contains("with a password", Text(page, "account-method"), StringComparison.Ordinal);
        Assert.Contains("12 h", Text(page, "account-method"), StringComparison.Ordinal);
        Assert.Contains("state file", Text(page, "account-source"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_change_with_the_right_current_password_takes_effect()
    {
        var page = OpenAs("olga", FleetRoles.Operator);

        ChangePassword(page, Password, "olga's second password", "olga's second password");

        page.WaitForAssertion(() => Assert.Contains("Password changed", Text(page, "pw-message"), StringComparison.Ordinal), Patience);
        Assert.NotNull(Store.CheckPassword("olga", "olga's second password", null).Identity);
        Assert.Null(Store.CheckPassword("olga", Password, null).Identity);
        Assert.Equal("", page.Find("input[data-testid='pw-new']").GetAttribute("value") ?? "");
        Assert.DoesNotContain("second password", page.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not my password", "a new long password", "a new long password", "the current password is wrong")]
    [InlineData(Password, "short", "short", "at least 10 characters")]
    [InlineData(Password, "a new long password", "a new long passwort", "differ")]
    [InlineData("", "a new long password", "a new long password", "Enter your current password")]
    public void A_refused_password_change_says_why_and_changes_nothing(string current, string replacement, string repeat, string message)
    {
        var page = OpenAs("olga", FleetRoles.Operator);

        ChangePassword(page, current, replacement, repeat);

        page.WaitForAssertion(() => Assert.Contains(message, Text(page, "pw-message"), StringComparison.Ordinal), Patience);
        Assert.NotNull(Store.CheckPassword("olga", Password, null).Identity);
    }

    [Fact]
    public void A_configured_user_is_told_to_change_the_password_in_the_configuration()
    {
        var page = OpenAs("victor", FleetRoles.Viewer);

        Assert.Contains("Fleet:Auth:Users", Text(page, "pw-configured"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='pw-form']"));
        Assert.Contains("configuration", Text(page, "account-source"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_token_is_shown_once_and_then_listed_without_its_secret()
    {
        var page = OpenAs("olga", FleetRoles.Operator);

        CreateToken(page, "nightly report", FleetRoles.Viewer, "30");

        var token = page.WaitForElement("[data-testid='token-created-value']").GetAttribute("value")!;
        Assert.StartsWith("fct_", token, StringComparison.Ordinal);
        Assert.Contains("not shown again", Text(page, "token-created"), StringComparison.Ordinal);
        var info = Assert.Single(Store.Tokens("olga"));
        Assert.Equal(("nightly report", FleetRoles.Viewer, _time.GetUtcNow().AddDays(30)), (info.Name, info.Role, info.ExpiresAt));
        Assert.Equal(info.Id, Store.CheckToken(token, null).Identity?.TokenId);

        var row = Text(page, $"token-row-{info.Id}");
        Assert.Contains("nightly report", row, StringComparison.Ordinal);
        Assert.Contains("2026-12-24 08:00:00Z", row, StringComparison.Ordinal);
        Assert.DoesNotContain(token, row, StringComparison.Ordinal);

        page.Find("[data-testid='token-dismiss']").Click();
        Assert.DoesNotContain(token, page.Markup, StringComparison.Ordinal);
        Assert.NotNull(page.Find($"[data-testid='token-row-{info.Id}']"));

        // opening the page again never shows it either
        DisposeComponentsAsync().GetAwaiter().GetResult();
        var again = OpenAs("olga", FleetRoles.Operator);
        Assert.DoesNotContain(token, again.Markup, StringComparison.Ordinal);
        Assert.NotNull(again.Find($"[data-testid='token-row-{info.Id}']"));
    }

    [Fact]
    public void A_token_without_days_never_expires_and_one_without_a_name_is_refused()
    {
        var page = OpenAs("olga", FleetRoles.Operator);

        CreateToken(page, "", role: null, days: "30");
        Assert.Contains("Give the token a name", Text(page, "token-message"), StringComparison.Ordinal);
        Assert.Empty(Store.Tokens("olga"));

        CreateToken(page, "forever", role: null, days: "");
        page.WaitForElement("[data-testid='token-created-value']");
        var info = Assert.Single(Store.Tokens("olga"));
        Assert.Null(info.ExpiresAt);
        Assert.Equal(FleetRoles.Viewer, info.Role); // the least role unless another is chosen
        Assert.Contains("never", Text(page, $"token-row-{info.Id}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("victor", FleetRoles.Viewer, new[] { "viewer" })]
    [InlineData("olga", FleetRoles.Operator, new[] { "viewer", "operator" })]
    [InlineData("alice", FleetRoles.Admin, new[] { "viewer", "operator", "admin" })]
    public void A_token_can_have_at_most_the_users_own_role(string user, string role, string[] offered)
    {
        var page = OpenAs(user, role);

        OpenRoles(page);

        page.WaitForAssertion(() => Assert.Equal(offered,
            page.FindAll("[data-testid^='token-role-']").Select(e => e.GetAttribute("data-testid")!["token-role-".Length..])), Patience);
    }

    [Fact]
    public void A_token_can_be_revoked_and_stops_working()
    {
        var (info, token) = Store.CreateToken("olga", "ci", FleetRoles.Operator);
        var page = OpenAs("olga", FleetRoles.Operator);

        page.Find($"[data-testid='token-revoke-{info.Id}']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid='token-row-{info.Id}']")), Patience);
        Assert.Contains("Revoked", Text(page, "token-message"), StringComparison.Ordinal);
        Assert.Null(Store.CheckToken(token, null).Identity);
    }

    [Fact]
    public void An_admin_sees_every_user_and_every_token_and_can_revoke_any()
    {
        var (olgas, olgasToken) = Store.CreateToken("olga", "olga's ci", FleetRoles.Viewer);
        var page = OpenAs("alice", FleetRoles.Admin);

        var users = page.Find("[data-testid='users-table']");
        Assert.Contains("configuration", page.Find("[data-testid='user-row-alice']").TextContent, StringComparison.Ordinal);
        Assert.Contains("viewer", page.Find("[data-testid='user-row-victor']").TextContent, StringComparison.Ordinal);
        Assert.Contains("state file", page.Find("[data-testid='user-row-olga']").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", page.Markup, StringComparison.Ordinal);
        Assert.NotNull(users);

        Assert.Contains("olga", Text(page, $"token-row-{olgas.Id}"), StringComparison.Ordinal);
        Assert.Contains("from the configuration", Text(page, "token-row-cfg-prometheus"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='token-revoke-cfg-prometheus']"));

        page.Find($"[data-testid='token-revoke-{olgas.Id}']").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid='token-row-{olgas.Id}']")), Patience);
        Assert.Null(Store.CheckToken(olgasToken, null).Identity);
    }

    [Fact]
    public void Others_see_only_their_own_tokens_and_no_users()
    {
        var (olgas, _) = Store.CreateToken("olga", "olga's ci", FleetRoles.Viewer);
        var (alices, _) = Store.CreateToken("alice", "alice's ci", FleetRoles.Admin);

        var page = OpenAs("olga", FleetRoles.Operator);

        Assert.Empty(page.FindAll("[data-testid='users-table']"));
        Assert.NotNull(page.Find($"[data-testid='token-row-{olgas.Id}']"));
        Assert.Empty(page.FindAll($"[data-testid='token-row-{alices.Id}']"));
        Assert.Empty(page.FindAll("[data-testid='token-row-cfg-prometheus']"));
    }

    [Fact]
    public void Copy_puts_the_token_on_the_clipboard()
    {
        var page = OpenAs("olga", FleetRoles.Operator);
        CreateToken(page, "copied", role: null, days: "1");
        var token = page.WaitForElement("[data-testid='token-created-value']").GetAttribute("value");

        page.Find("[data-testid='token-copy']").Click();

        var call = Assert.Single(JSInterop.Invocations, i => i.Identifier == "navigator.clipboard.writeText");
        Assert.Equal(token, call.Arguments[0]);
        page.WaitForAssertion(() => Assert.Equal("Copied", Text(page, "token-copy")), Patience);
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
}
