namespace FleetCtl.Vici.Commands;

/// <summary>Checks shared by the request records.</summary>
internal static class RequestArgs
{
    public static string NotBlank(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} must not be empty", name) : value;

    public static void NeedSelector(string command, bool any, string what)
    {
        if (!any)
        {
            throw new InvalidOperationException($"vici {command} needs {what}");
        }
    }
}
