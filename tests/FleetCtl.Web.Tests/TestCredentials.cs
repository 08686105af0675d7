using System.Net.Http.Headers;
using FleetCtl.Web.Auth;
using Microsoft.AspNetCore.Hosting;

namespace FleetCtl.Web.Tests;

/// <summary>
/// Users and API tokens a test server is configured with, one per role, the way an operator configures them
/// (hashes in <c>Fleet:Auth</c>). Passwords are hashed with few iterations so logins stay fast in tests.
/// </summary>
public static class TestCredentials
{
    public const string Password = "correct horse battery";
    public static readonly IReadOnlyDictionary<string, string> UserByRole = new Dictionary<string, string>
    {
        [FleetRoles.Admin] = "alice",
        [FleetRoles.Operator] = "oscar",
        [FleetRoles.Viewer] = "victor",
    };

    public static readonly IReadOnlyDictionary<string, string> TokenByRole = new Dictionary<string, string>
    {
        [FleetRoles.Admin] = "fct_test-admin-0123456789abcdefghij",
        [FleetRoles.Operator] = "fct_test-operator-0123456789abcdefghij",
        [FleetRoles.Viewer] = "fct_test-viewer-0123456789abcdefghij",
    };

    private static readonly Lazy<string> s_hash = new(() => FleetPasswordHasher.Hash(Password, FleetPasswordHasher.MinIterations));

    /// <summary>Configures the users and tokens, and a temp state file so no test touches the repository's data/.</summary>
    public static void Apply(IWebHostBuilder builder, string stateFile)
    {
        var i = 0;
        foreach (var (role, user) in UserByRole)
        {
            builder.UseSetting($"Fleet:Auth:Users:{i}:Name", user);
            builder.UseSetting($"Fleet:Auth:Users:{i}:Role", role);
            builder.UseSetting($"Fleet:Auth:Users:{i}:PasswordHash", s_hash.Value);
            builder.UseSetting($"Fleet:Auth:Tokens:{i}:Name", $"test-{role}");
            builder.UseSetting($"Fleet:Auth:Tokens:{i}:Role", role);
            builder.UseSetting($"Fleet:Auth:Tokens:{i}:Hash", FleetAuthStore.HashToken(TokenByRole[role]));
            i++;
        }

        builder.UseSetting("Fleet:Auth:StateFile", stateFile);
    }

    /// <summary>Sends the role's API token with every request of <paramref name="client"/>.</summary>
    public static HttpClient As(this HttpClient client, string role)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenByRole[role]);
        return client;
    }
}
