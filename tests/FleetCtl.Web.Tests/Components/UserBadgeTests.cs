using System.Security.Claims;
using Bunit;
using FleetCtl.Web.Auth;
using FleetCtl.Web.Components.Layout;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace FleetCtl.Web.Tests.Components;

/// <summary>The app bar's user badge, rendered statically like the layout it sits in.</summary>
public sealed class UserBadgeTests : BunitContext
{
    public UserBadgeTests()
    {
        Services.AddMudServices();
        Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>(); // the server's gives the request's token
    }

    [Fact]
    public void Shows_the_signed_in_user_and_role_links_to_the_account_page_and_signs_out_by_a_form_post()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("oscar");
        auth.SetRoles(FleetRoles.Operator);

        var badge = Render<UserBadge>();

        Assert.Equal("oscar", badge.Find("[data-testid='user-name']").TextContent.Trim());
        Assert.Equal("account", badge.Find("[data-testid='user-name']").GetAttribute("href"));
        Assert.Equal("operator", badge.Find("[data-testid='user-role']").TextContent.Trim());
        var form = badge.Find("form:has([data-testid='user-logout'])");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/logout", form.GetAttribute("action"));
        Assert.Equal("request-token", form.QuerySelector("input[type='hidden'][name='__RequestVerificationToken']")?.GetAttribute("value"));
        Assert.Equal("submit", badge.Find("[data-testid='user-logout']").GetAttribute("type"));
    }

    [Fact]
    public void Renders_nothing_for_nobody()
    {
        AddAuthorization().SetNotAuthorized();

        var badge = Render<UserBadge>();

        Assert.Empty(badge.FindAll("[data-testid='user-name']"));
        Assert.Empty(badge.FindAll("[data-testid='user-logout']"));
    }
}

internal sealed class FixedAntiforgery : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("request-token", "__RequestVerificationToken");
}
