namespace FleetCtl.Fleet.Inventory;

/// <summary>
/// The inventory cannot be used. <see cref="Exception.Message"/> has a header line, then every problem on its own
/// line, each starting with the gateway name or the file position; <see cref="Problems"/> has them one by one.
/// </summary>
public sealed class InventoryException : Exception
{
    public InventoryException()
        : this(["the fleet inventory is invalid"])
    {
    }

    public InventoryException(string message)
        : this([message])
    {
    }

    public InventoryException(string message, Exception innerException)
        : base(Format([message]), innerException)
    {
        Problems = [message];
    }

    public InventoryException(IReadOnlyList<string> problems)
        : base(Format(problems))
    {
        Problems = problems;
    }

    /// <summary>
    /// Every problem found, in the order found: reading problems first (files, syntax, shapes, unknown fields), then
    /// the checks of each gateway in declaration order (name, uri/command, tls, tags), then drain targets.
    /// </summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Format(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var header = problems.Count == 1
            ? "The fleet inventory is invalid (1 problem):"
            : $"The fleet inventory is invalid ({problems.Count} problems):";
        return header + "\n" + string.Join("\n", problems);
    }
}
