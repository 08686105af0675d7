using Microsoft.Extensions.Configuration;

namespace FleetCtl.Fleet.Inventory;

/// <summary>The formats of an inventory file, chosen by its extension.</summary>
public enum InventoryFileFormat
{
    /// <summary><c>.yaml</c> or <c>.yml</c>.</summary>
    Yaml,
    /// <summary><c>.json</c> (comments and trailing commas allowed).</summary>
    Json,
}

/// <summary>
/// Reads the fleet inventory from the inventory file named by <c>Fleet:InventoryFile</c> and from the configuration
/// section <c>Fleet:Gateways</c> (appsettings.json, environment variables such as <c>Fleet__Gateways__0__Name</c>, ...).
/// Both may be used together: the file's gateways come first, then the configuration's; a name declared twice, in
/// one source or across both, is an error — there is no overriding. Every problem is collected and thrown at once
/// as an <see cref="InventoryException"/>. See docs/inventory.md.
/// </summary>
public static class InventoryLoader
{
    /// <summary>Configuration key of the gateway list.</summary>
    public const string GatewaysKey = "Fleet:Gateways";

    /// <summary>Configuration key of the inventory file's path (relative paths are resolved against the base directory).</summary>
    public const string InventoryFileKey = "Fleet:InventoryFile";

    /// <summary>Reads the inventory file (if <c>Fleet:InventoryFile</c> is set) and <c>Fleet:Gateways</c>.</summary>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="baseDirectory">Against which a relative inventory file path is resolved; the current directory when null.</param>
    /// <exception cref="InventoryException">Every problem found, one per line.</exception>
    public static FleetInventory Load(IConfiguration configuration, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var declared = new List<DeclaredGateway>();
        var problems = new List<string>();
        var sources = new List<string>();

        var file = configuration[InventoryFileKey];
        if (!string.IsNullOrWhiteSpace(file))
        {
            file = file.Trim();
            var before = declared.Count;
            ReadFile(file, ResolvePath(file, baseDirectory), declared, problems);
            sources.Add(FleetInventory.Describe(file, declared.Count - before));
        }

        var section = configuration.GetSection(GatewaysKey);
        var fromConfiguration = ReadConfiguration(section, declared, problems);
        if (fromConfiguration > 0)
        {
            sources.Add(FleetInventory.Describe(ConfigurationSource.Where(GatewaysKey), fromConfiguration));
        }

        return FleetInventory.Create(declared, problems, sources);
    }

    /// <summary>Reads an inventory file alone; the format comes from the extension (.yaml, .yml, .json).</summary>
    /// <exception cref="InventoryException">Every problem found, one per line.</exception>
    public static FleetInventory LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var declared = new List<DeclaredGateway>();
        var problems = new List<string>();
        ReadFile(path, Path.GetFullPath(path), declared, problems);
        return FleetInventory.Create(declared, problems, [FleetInventory.Describe(path, declared.Count)]);
    }

    /// <summary>Reads inventory text in hand; <paramref name="sourceName"/> stands for the file name in positions.</summary>
    /// <exception cref="InventoryException">Every problem found, one per line.</exception>
    public static FleetInventory Parse(string text, InventoryFileFormat format, string sourceName = "inventory")
    {
        ArgumentNullException.ThrowIfNull(text);
        var declared = new List<DeclaredGateway>();
        var problems = new List<string>();
        ParseText(text, format, sourceName, declared, problems);
        return FleetInventory.Create(declared, problems, [FleetInventory.Describe(sourceName, declared.Count)]);
    }

    /// <summary>The format for a file name, or null for an extension that is not an inventory format.</summary>
    public static InventoryFileFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".yaml" or ".yml" => InventoryFileFormat.Yaml,
        ".json" => InventoryFileFormat.Json,
        _ => null,
    };

    private static string ResolvePath(string file, string? baseDirectory) =>
        Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), file));

    private static void ReadFile(string shown, string fullPath, List<DeclaredGateway> into, List<string> problems)
    {
        if (FormatOf(shown) is not { } format)
        {
            problems.Add($"{shown}: unsupported inventory file type '{Path.GetExtension(shown)}'; use .yaml, .yml or .json");
            return;
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            problems.Add(fullPath == shown
                ? $"{shown}: inventory file not found ({InventoryFileKey})"
                : $"{shown}: inventory file not found (looked for {fullPath}; {InventoryFileKey})");
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            problems.Add($"{shown}: cannot read the inventory file: {e.Message}");
            return;
        }

        ParseText(text, format, shown, into, problems);
    }

    private static void ParseText(string text, InventoryFileFormat format, string shown, List<DeclaredGateway> into, List<string> problems)
    {
        var root = format == InventoryFileFormat.Yaml
            ? YamlSource.Parse(text, shown, problems)
            : JsonSource.Parse(text, shown, problems);
        GatewayReader.ReadFile(root, shown, into, problems);
    }

    /// <summary>Reads <c>Fleet:Gateways:N:*</c>; returns how many gateways it declared.</summary>
    private static int ReadConfiguration(IConfigurationSection section, List<DeclaredGateway> into, List<string> problems)
    {
        var before = into.Count;
        var items = new List<(int Index, IConfigurationSection Section)>();
        foreach (var child in section.GetChildren())
        {
            if (int.TryParse(child.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                items.Add((index, child));
            }
            else
            {
                problems.Add($"{ConfigurationSource.Where(child.Path)}: expected an array index under {GatewaysKey} " +
                    $"({GatewaysKey}:0:Name, or Fleet__Gateways__0__Name in the environment), found '{child.Key}'");
            }
        }

        foreach (var (_, child) in items.OrderBy(i => i.Index))
        {
            GatewayReader.Read(ConfigurationSource.Convert(child), into, problems);
        }

        return into.Count - before;
    }
}
