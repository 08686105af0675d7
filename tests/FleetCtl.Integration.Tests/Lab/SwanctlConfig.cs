using System.Text;
using FleetCtl.Vici;

namespace FleetCtl.Integration.Tests.Lab;

/// <summary>
/// One section of swanctl configuration as data: ordered key/values, lists and sub-sections — the same tree
/// swanctl sends over VICI. <see cref="Render"/> writes swanctl.conf syntax; <see cref="ToViciMessage"/> builds the
/// VICI message (lists stay lists: charon's load-conn rejects a key/value where it expects a list).
/// </summary>
public sealed class SwanctlSection
{
    private readonly List<KeyValuePair<string, object>> _items = [];

    /// <summary>Entries in order: the value is a <see cref="string"/>, a <see cref="IReadOnlyList{String}"/> (a list) or a <see cref="SwanctlSection"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Items => _items;

    public SwanctlSection Set(string key, string value) => Add(key, value);

    public SwanctlSection Set(string key, int value) => Add(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public SwanctlSection SetIfNotNull(string key, string? value) => value is null ? this : Add(key, value);

    /// <summary>A list option (addresses, proposals, traffic selectors, owners...). Empty lists are left out.</summary>
    public SwanctlSection SetList(string key, IEnumerable<string> items)
    {
        var list = items.ToArray();
        return list.Length == 0 ? this : Add(key, (IReadOnlyList<string>)list);
    }

    public SwanctlSection Set(string key, SwanctlSection section) => Add(key, section);

    public object? this[string key] => _items.FirstOrDefault(i => i.Key == key).Value;

    private SwanctlSection Add(string key, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var i = _items.FindIndex(x => x.Key == key);
        if (i >= 0)
        {
            _items[i] = new(key, value);
        }
        else
        {
            _items.Add(new(key, value));
        }

        return this;
    }

    /// <summary>swanctl.conf syntax: <c>key = value</c>, lists comma-separated, sub-sections in braces.</summary>
    public string Render(int indent = 0)
    {
        var sb = new StringBuilder();
        Render(sb, indent);
        return sb.ToString();
    }

    private void Render(StringBuilder sb, int indent)
    {
        var pad = new string(' ', indent * 2);
        foreach (var (key, value) in _items)
        {
            switch (value)
            {
                case SwanctlSection section:
                    sb.Append(pad).Append(key).Append(" {\n");
                    section.Render(sb, indent + 1);
                    sb.Append(pad).Append("}\n");
                    break;
                case IReadOnlyList<string> list:
                    sb.Append(pad).Append(key).Append(" = ").Append(string.Join(", ", list.Select(v => QuoteIfNeeded(v, inList: true)))).Append('\n');
                    break;
                default:
                    sb.Append(pad).Append(key).Append(" = ").Append(QuoteIfNeeded((string)value, inList: false)).Append('\n');
                    break;
            }
        }
    }

    public ViciMessage ToViciMessage()
    {
        var message = new ViciMessage();
        foreach (var (key, value) in _items)
        {
            _ = value switch
            {
                SwanctlSection section => message.Set(key, section.ToViciMessage()),
                IReadOnlyList<string> list => message.Set(key, new ViciList(list)),
                _ => message.Set(key, (string)value),
            };
        }

        return message;
    }

    private static string QuoteIfNeeded(string value, bool inList)
    {
        if (inList && value.Contains(',', StringComparison.Ordinal))
        {
            throw new ArgumentException($"list item '{value}' contains a comma, which swanctl.conf cannot express");
        }

        var plain = value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:%@*+[]!^".Contains(c));
        return plain ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    public override string ToString() => Render();
}

/// <summary>A CHILD_SA configuration (a section under <c>children</c>).</summary>
public sealed record LabChild
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> LocalTs { get; init; }
    public required IReadOnlyList<string> RemoteTs { get; init; }
    public IReadOnlyList<string> EspProposals { get; init; } = ["aes128-sha256-x25519"];
    /// <summary><c>none</c>, <c>trap</c> or <c>start</c>; null leaves charon's default (none).</summary>
    public string? StartAction { get; init; }
    /// <summary>Further plain options (rekey_time, life_time, dpd_action, mode...).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public SwanctlSection ToSection()
    {
        var s = new SwanctlSection()
            .SetList("local_ts", LocalTs)
            .SetList("remote_ts", RemoteTs)
            .SetList("esp_proposals", EspProposals)
            .SetIfNotNull("start_action", StartAction);
        foreach (var (k, v) in Options)
        {
            s.Set(k, v);
        }

        return s;
    }
}

/// <summary>An IKE connection (a section under <c>connections</c>) with PSK (or other) authentication rounds.</summary>
public sealed record LabConnection
{
    public required string Name { get; init; }
    public int Version { get; init; } = 2;
    public required IReadOnlyList<string> LocalAddrs { get; init; }
    public required IReadOnlyList<string> RemoteAddrs { get; init; }
    public IReadOnlyList<string> Proposals { get; init; } = ["aes128-sha256-x25519"];
    public string LocalAuth { get; init; } = "psk";
    public string RemoteAuth { get; init; } = "psk";
    /// <summary>Null: charon uses the local IP address as identity.</summary>
    public string? LocalId { get; init; }
    /// <summary>Null: any remote identity (<c>%any</c>).</summary>
    public string? RemoteId { get; init; }
    public IReadOnlyList<LabChild> Children { get; init; } = [];
    /// <summary>Further plain connection options (rekey_time, unique, dpd_delay, mobike, send_certreq...).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>The connection's own section, i.e. what goes inside <c>connections { NAME { ... } }</c>.</summary>
    public SwanctlSection ToSection()
    {
        var s = new SwanctlSection()
            .Set("version", Version)
            .SetList("local_addrs", LocalAddrs)
            .SetList("remote_addrs", RemoteAddrs)
            .SetList("proposals", Proposals);
        foreach (var (k, v) in Options)
        {
            s.Set(k, v);
        }

        s.Set("local", new SwanctlSection().Set("auth", LocalAuth).SetIfNotNull("id", LocalId));
        s.Set("remote", new SwanctlSection().Set("auth", RemoteAuth).SetIfNotNull("id", RemoteId));
        var children = new SwanctlSection();
        foreach (var child in Children)
        {
            children.Set(child.Name, child.ToSection());
        }

        if (Children.Count > 0)
        {
            s.Set("children", children);
        }

        return s;
    }

    /// <summary>The VICI <c>load-conn</c> request: one section named after the connection.</summary>
    public ViciMessage ToLoadConnMessage() => new ViciMessage().Set(Name, ToSection().ToViciMessage());

    /// <summary>The VICI <c>unload-conn</c> request.</summary>
    public ViciMessage ToUnloadConnMessage() => new ViciMessage().Set("name", Name);
}

/// <summary>A shared IKE secret. No owners: it matches any pair of identities.</summary>
public sealed record LabSecret
{
    /// <summary>The secret's unique name: <c>ike-NAME</c> in swanctl.conf, <c>id</c> in VICI load-shared.</summary>
    public required string Name { get; init; }
    public required string Secret { get; init; }
    public IReadOnlyList<string> Owners { get; init; } = [];

    public SwanctlSection ToSection()
    {
        var s = new SwanctlSection().Set("secret", Secret);
        for (var i = 0; i < Owners.Count; i++)
        {
            s.Set($"id-{i + 1}", Owners[i]);
        }

        return s;
    }

    /// <summary>The VICI <c>load-shared</c> request.</summary>
    public ViciMessage ToLoadSharedMessage() => new ViciMessage()
        .Set("id", "ike-" + Name)
        .Set("type", "IKE")
        .Set("data", Secret)
        .Set("owners", new ViciList(Owners));
}

/// <summary>A whole swanctl.conf: <c>connections { }</c> and <c>secrets { }</c>.</summary>
public static class SwanctlConf
{
    public static string Render(IEnumerable<LabConnection> connections, IEnumerable<LabSecret> secrets)
    {
        var root = new SwanctlSection();
        var conns = new SwanctlSection();
        foreach (var c in connections)
        {
            conns.Set(c.Name, c.ToSection());
        }

        var secs = new SwanctlSection();
        foreach (var s in secrets)
        {
            secs.Set("ike-" + s.Name, s.ToSection());
        }

        root.Set("connections", conns).Set("secrets", secs);
        return "# written by FleetCtl's CharonLab test fixture\n" + root.Render();
    }
}
