using System.Text.RegularExpressions;
using FleetCtl.Vici.Events;

namespace FleetCtl.Fleet.Diagnosis;

/// <summary>
/// One line → alert mapping of <see cref="LogAlertDeriver"/>, as data: the pattern (its named groups become the
/// alert's attributes) and the alert type. Optionally restricted to a charon log group.
/// </summary>
/// <param name="Id">Stable rule name.</param>
/// <param name="Type">The alert type derived.</param>
/// <param name="Pattern">Matched against the message; named groups (<c>remoteHost</c>, <c>localId</c> ...) become attributes.</param>
/// <param name="Group">Only lines of this charon group (<c>IKE</c>, <c>CFG</c> ...), or null for any.</param>
public sealed record LogAlertRule(string Id, ViciAlertType Type, Regex Pattern, string? Group = null);
