using MudBlazor;

namespace FleetCtl.Web.Components.Layout;

/// <summary>The dashboard's look: dark, low-glare for a NOC wall, small type so dense tables fit.</summary>
public static class FleetTheme
{
    private static readonly string[] s_fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteDark = new PaletteDark
        {
            Primary = "#4ea1ff",
            Secondary = "#a371f7",
            Info = "#58a6ff",
            Success = "#2ea043",
            Warning = "#d29922",
            Error = "#f85149",
            Background = "#0d1117",
            BackgroundGray = "#10161e",
            Surface = "#161b22",
            AppbarBackground = "#010409",
            AppbarText = "#e6edf3",
            DrawerBackground = "#0d1117",
            DrawerText = "#c9d1d9",
            DrawerIcon = "#8b949e",
            TextPrimary = "#e6edf3",
            TextSecondary = "#8b949e",
            ActionDefault = "#8b949e",
            LinesDefault = "#30363d",
            TableLines = "#21262d",
            TableHover = "#1f2630",
            TableStriped = "#12171e",
            Divider = "#30363d",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = s_fonts, FontSize = ".8125rem", LineHeight = "1.4" },
            Body1 = new Body1Typography { FontFamily = s_fonts, FontSize = ".875rem" },
            Body2 = new Body2Typography { FontFamily = s_fonts, FontSize = ".8125rem" },
            H5 = new H5Typography { FontFamily = s_fonts, FontSize = "1.35rem", FontWeight = "600" },
            H6 = new H6Typography { FontFamily = s_fonts, FontSize = "1.05rem", FontWeight = "600" },
            Subtitle2 = new Subtitle2Typography { FontFamily = s_fonts, FontSize = ".8125rem", FontWeight = "600" },
            Caption = new CaptionTypography { FontFamily = s_fonts, FontSize = ".75rem" },
            Button = new ButtonTypography { FontFamily = s_fonts, FontSize = ".8125rem", TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "190px", AppbarHeight = "48px", DefaultBorderRadius = "6px" },
    };
}
