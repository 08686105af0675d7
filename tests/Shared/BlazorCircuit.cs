using Microsoft.Playwright;

namespace FleetCtl.Testing;

/// <summary>Waits in real Chromium for a dashboard page to run over its Blazor circuit, not just show its prerendered HTML.</summary>
internal static class BlazorCircuit
{
    /// <summary>
    /// Returns once the page's <c>circuit-ready</c> marker (components/Shared/CircuitReady.razor) is attached: from then on clicks reach their handlers and the
    /// page updates live. A click before that can land on prerendered markup that the interactive render then replaces.
    /// </summary>
    public static Task WaitAsync(IPage page) =>
        page.GetByTestId("circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
}
