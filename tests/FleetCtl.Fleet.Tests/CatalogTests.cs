using System.Reflection;
using System.Text.RegularExpressions;
using FleetCtl.Fleet.Catalog;
using FleetCtl.Vici;
using FleetCtl.Vici.Events;
using Microsoft.Extensions.Logging;

namespace FleetCtl.Fleet.Tests;

public sealed partial class CatalogTests
{
    public static TheoryData<ViciAlertType> KnownAlertTypes => new(ViciAlertTypes.All);

    public static TheoryData<int> EntryIds => new(FleetCatalog.All.Select(e => e.Id));

    [GeneratedRegex(@"^[a-z]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex ParameterPattern();

    [Fact]
    public void Ids_are_unique()
    {
        var duplicates = FleetCatalog.All.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Keys_are_unique_and_dotted_lower_case()
    {
        var duplicates = FleetCatalog.All.GroupBy(e => e.Key, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.All(FleetCatalog.All, e => Assert.Matches(KeyPattern(), e.Key));
    }

    [Fact]
    public void All_is_ordered_by_id()
    {
        Assert.Equal(FleetCatalog.All.Select(e => e.Id).Order(), FleetCatalog.All.Select(e => e.Id));
    }

    [Theory]
    [MemberData(nameof(KnownAlertTypes))]
    public void Every_alert_type_has_exactly_one_entry_keyed_by_its_wire_name(ViciAlertType type)
    {
        var entries = FleetCatalog.All.Where(e => e.AlertType == type).ToList();

        var entry = Assert.Single(entries);
        Assert.Equal("vici.alert." + ViciAlertTypes.ToWireName(type), entry.Key);
        Assert.Equal(CatalogSource.ViciAlert, entry.Source);
        Assert.InRange(entry.Id, 1000, 1098);
        Assert.Same(entry, FleetCatalog.ForAlert(type));
        Assert.Contains("gateway", entry.Parameters);
        Assert.Contains("alertType", entry.Parameters);
    }

    [Fact]
    public void There_are_33_alert_entries_plus_one_for_unknown_types()
    {
        Assert.Equal(34, FleetCatalog.All.Count(e => e.Source == CatalogSource.ViciAlert));
        var unknown = FleetCatalog.ForAlert(ViciAlertType.Unknown);
        Assert.Equal(CatalogIds.UnknownAlert, unknown.Id);
        Assert.Equal("vici.alert.unknown", unknown.Key);
        Assert.Contains("rawType", unknown.Parameters);
    }

    [Fact]
    public void Alert_types_this_version_does_not_define_fall_back_to_the_unknown_entry()
    {
        Assert.Equal(CatalogIds.UnknownAlert, FleetCatalog.ForAlert((ViciAlertType)999).Id);
    }

    [Fact]
    public void A_received_alert_event_finds_its_entry()
    {
        var known = AlertEvent.Parse(new ViciMessage().Set("type", "peer-auth-failed"));
        var newer = AlertEvent.Parse(new ViciMessage().Set("type", "quantum-flux-detected"));

        Assert.Equal("vici.alert.peer-auth-failed", FleetCatalog.ForAlert(known).Key);
        Assert.Equal("vici.alert.unknown", FleetCatalog.ForAlert(newer).Key);
    }

    [Theory]
    [MemberData(nameof(EntryIds))]
    public void Every_entry_is_complete(int id)
    {
        var e = FleetCatalog.Get(id);

        Assert.False(string.IsNullOrWhiteSpace(e.Title), $"{e}: title");
        Assert.False(string.IsNullOrWhiteSpace(e.Explanation), $"{e}: explanation");
        Assert.False(string.IsNullOrWhiteSpace(e.GatewayAction), $"{e}: gateway action");
        Assert.False(string.IsNullOrWhiteSpace(e.ProposedAction), $"{e}: proposed action");
        Assert.True(e.Explanation.Length >= 60, $"{e}: an explanation of a few words explains nothing");
        Assert.NotEmpty(e.Categories);
        Assert.All(e.Categories, c => Assert.Contains(c, CatalogCategories.All));
        Assert.Equal(e.Categories.Count, e.Categories.Distinct().Count());
        Assert.NotEmpty(e.Parameters);
        Assert.All(e.Parameters, p => Assert.Matches(ParameterPattern(), p));
        Assert.Equal(e.Parameters.Count, e.Parameters.Distinct().Count());
        Assert.True(Enum.IsDefined(e.Severity), $"{e}: severity");
        // backticks come in pairs, or the generated Markdown turns the rest of the paragraph into code
        foreach (var text in new[] { e.Title, e.Explanation, e.GatewayAction, e.ProposedAction })
        {
            Assert.True(text.Count(c => c == '`') % 2 == 0, $"{e}: unbalanced backticks in \"{text}\"");
        }
    }

    [Theory]
    [MemberData(nameof(EntryIds))]
    public void Failures_tell_the_operator_to_do_something(int id)
    {
        var e = FleetCatalog.Get(id);
        if (e.Severity >= CatalogSeverity.Warning)
        {
            Assert.False(e.ProposedAction.Trim().Equals("None.", StringComparison.OrdinalIgnoreCase),
                $"{e} is {e.Severity} but proposes nothing");
        }
    }

    [Fact]
    public void Ids_are_in_their_blocks()
    {
        Assert.All(FleetCatalog.All.Where(e => e.Source == CatalogSource.ViciAlert), e => Assert.InRange(e.Id, 1000, 1099));
        Assert.All(FleetCatalog.All.Where(e => e.Source == CatalogSource.Controller), e => Assert.InRange(e.Id, 2000, 2999));
        Assert.All(FleetCatalog.All.Where(e => e.Source == CatalogSource.Controller), e => Assert.Null(e.AlertType));
    }

    [Theory]
    [InlineData("vici.alert.peer-auth-failed", CatalogSeverity.Warning)]
    [InlineData("vici.alert.local-auth-failed", CatalogSeverity.Warning)]
    [InlineData("vici.alert.proposal-mismatch-ike", CatalogSeverity.Error)]
    [InlineData("vici.alert.proposal-mismatch-child", CatalogSeverity.Error)]
    [InlineData("vici.alert.ts-mismatch", CatalogSeverity.Error)]
    [InlineData("vici.alert.retransmit-send-timeout", CatalogSeverity.Error)]
    [InlineData("vici.alert.install-child-sa-failed", CatalogSeverity.Error)]
    [InlineData("vici.alert.shutdown-signal", CatalogSeverity.Warning)]
    [InlineData("vici.alert.ike-sa-expired", CatalogSeverity.Warning)]
    [InlineData("fleet.gateway.unreachable", CatalogSeverity.Error)]
    [InlineData("fleet.gateway.connection-lost", CatalogSeverity.Warning)]
    [InlineData("fleet.resync.timed-out", CatalogSeverity.Error)]
    [InlineData("fleet.tunnel.configured-down", CatalogSeverity.Warning)]
    [InlineData("fleet.inventory.invalid", CatalogSeverity.Critical)]
    public void Failures_are_at_least(string key, CatalogSeverity atLeast)
    {
        Assert.True(FleetCatalog.Get(key).Severity >= atLeast, $"{key} is {FleetCatalog.Get(key).Severity}, expected at least {atLeast}");
    }

    [Theory]
    [InlineData("vici.alert.retransmit-send")]
    [InlineData("vici.alert.retransmit-send-cleared")]
    [InlineData("vici.alert.retransmit-receive")]
    [InlineData("fleet.ike.up")]
    [InlineData("fleet.ike.rekeyed")]
    [InlineData("fleet.child.up")]
    [InlineData("fleet.child.rekeyed")]
    [InlineData("fleet.resync.completed")]
    [InlineData("fleet.gateway.connecting")]
    public void Routine_events_are_not_warnings(string key)
    {
        Assert.True(FleetCatalog.Get(key).Severity <= CatalogSeverity.Information, $"{key} is {FleetCatalog.Get(key).Severity}");
    }

    [Fact]
    public void Every_certificate_alert_is_an_error_filed_under_CERT()
    {
        var certs = FleetCatalog.All.Where(e => e.Key.StartsWith("vici.alert.cert-", StringComparison.Ordinal)).ToList();

        Assert.Equal(7, certs.Count);
        Assert.All(certs, e => Assert.Equal(CatalogCategories.Cert, e.PrimaryCategory));
        Assert.All(certs, e => Assert.True(e.Severity >= CatalogSeverity.Error, e.ToString()));
    }

    [Fact]
    public void Mismatch_alerts_name_the_swanctl_keys_to_compare_on_both_peers()
    {
        Assert.Contains("`connections.<conn>.proposals`", FleetCatalog.Get("vici.alert.proposal-mismatch-ike").ProposedAction, StringComparison.Ordinal);
        Assert.Contains("esp_proposals", FleetCatalog.Get("vici.alert.proposal-mismatch-child").ProposedAction, StringComparison.Ordinal);
        Assert.Contains("local_ts", FleetCatalog.Get("vici.alert.ts-mismatch").ProposedAction, StringComparison.Ordinal);
        Assert.Contains("remote.id", FleetCatalog.Get("vici.alert.peer-auth-failed").ProposedAction, StringComparison.Ordinal);
        Assert.All(new[] { "proposal-mismatch-ike", "proposal-mismatch-child", "ts-mismatch", "peer-auth-failed", "local-auth-failed" },
            t => Assert.Contains("both peers", FleetCatalog.Get("vici.alert." + t).ProposedAction, StringComparison.Ordinal));
    }

    [Fact]
    public void Controller_events_carry_the_parameters_the_brief_names()
    {
        Assert.Contains("retryIn", FleetCatalog.Get(CatalogIds.GatewayUnreachable).Parameters);
        Assert.Contains("version", FleetCatalog.Get(CatalogIds.GatewayConnected).Parameters);
        Assert.Contains("unsupportedEvents", FleetCatalog.Get(CatalogIds.GatewayConnected).Parameters);
        Assert.Contains("elapsedMs", FleetCatalog.Get(CatalogIds.ResyncCompleted).Parameters);
        Assert.Contains("ikeSas", FleetCatalog.Get(CatalogIds.ResyncCompleted).Parameters);
        Assert.Contains("appeared", FleetCatalog.Get(CatalogIds.ResyncDifferences).Parameters);
        Assert.Contains("disappeared", FleetCatalog.Get(CatalogIds.ResyncDifferences).Parameters);
        Assert.Contains("dropped", FleetCatalog.Get(CatalogIds.EventBufferOverflow).Parameters);
        Assert.All(FleetCatalog.All.Where(e => e.Categories.Contains(CatalogCategories.Vici)),
            e => Assert.Contains("gateway", e.Parameters));
    }

    [Fact]
    public void Every_CatalogIds_constant_names_an_entry_and_every_controller_entry_has_a_constant()
    {
        var constants = typeof(CatalogIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);

        Assert.All(constants, c => Assert.True(FleetCatalog.TryGet(c.Value, out _), $"CatalogIds.{c.Key} = {c.Value} has no entry"));
        var constantIds = constants.Values.ToHashSet();
        Assert.All(FleetCatalog.All.Where(e => e.Source == CatalogSource.Controller),
            e => Assert.True(constantIds.Contains(e.Id), $"{e} has no CatalogIds constant"));
    }

    [Fact]
    public void Lookups_by_id_and_key_agree()
    {
        foreach (var e in FleetCatalog.All)
        {
            Assert.Same(e, FleetCatalog.Get(e.Id));
            Assert.Same(e, FleetCatalog.Get(e.Key));
            Assert.True(FleetCatalog.TryGet(e.Id, out var byId));
            Assert.Same(e, byId);
            Assert.True(FleetCatalog.TryGet(e.Key, out var byKey));
            Assert.Same(e, byKey);
        }
    }

    [Fact]
    public void Lookups_of_missing_entries_fail_clearly()
    {
        Assert.False(FleetCatalog.TryGet(4242, out _));
        Assert.False(FleetCatalog.TryGet("no.such.key", out _));
        Assert.False(FleetCatalog.TryGet((string?)null, out _));
        Assert.Contains("4242", Assert.Throws<KeyNotFoundException>(() => FleetCatalog.Get(4242)).Message, StringComparison.Ordinal);
        Assert.Contains("no.such.key", Assert.Throws<KeyNotFoundException>(() => FleetCatalog.Get("no.such.key")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventId_is_the_entry_id_and_key()
    {
        var entry = FleetCatalog.Get("vici.alert.proposal-mismatch-ike");

        Assert.Equal(new EventId(entry.Id, "vici.alert.proposal-mismatch-ike"), entry.EventId);
        Assert.Equal("vici.alert.proposal-mismatch-ike", entry.EventId.Name);
        Assert.Equal(entry.EventId, FleetCatalog.EventIdOf(entry.Id));
        Assert.Equal(CatalogIds.GatewayUnreachable, FleetCatalog.EventIdOf(CatalogIds.GatewayUnreachable).Id);
    }

    [Theory]
    [InlineData(CatalogSeverity.Debug, LogLevel.Debug)]
    [InlineData(CatalogSeverity.Information, LogLevel.Information)]
    [InlineData(CatalogSeverity.Notice, LogLevel.Information)]
    [InlineData(CatalogSeverity.Warning, LogLevel.Warning)]
    [InlineData(CatalogSeverity.Error, LogLevel.Error)]
    [InlineData(CatalogSeverity.Critical, LogLevel.Critical)]
    public void Severity_maps_to_a_log_level(CatalogSeverity severity, LogLevel level)
    {
        Assert.Equal(level, severity.ToLogLevel());
    }

    [Fact]
    public void Catalog_code_does_not_depend_on_Akka()
    {
        var fleet = typeof(FleetCatalog).Assembly;
        var ours = fleet.GetTypes().Where(t => t.Namespace is "FleetCtl.Fleet.Catalog" or "FleetCtl.Fleet.Inventory").ToList();

        Assert.NotEmpty(ours);
        foreach (var type in ours)
        {
            var referenced = type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(f => f.FieldType)
                .Concat(type.GetProperties(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Select(p => p.PropertyType))
                .Concat(type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                    .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Append(type.BaseType)
                .Where(t => t is not null);
            Assert.All(referenced, t => Assert.DoesNotContain("Akka", t!.Assembly.GetName().Name, StringComparison.Ordinal));
        }
    }
}
