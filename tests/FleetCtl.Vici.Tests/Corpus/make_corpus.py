#!/usr/bin/env python3
"""Writes the fuzz seed corpus: whole VICI frames (u32be length | packet), encoded here by hand, not by the
codec under test. Run from this directory: python3 make_corpus.py. Output is deterministic.

File names: ok-<what>.bin must decode and re-encode to the same bytes;
bad-<ViciProtocolError>-<what>.bin must fail with exactly that error code."""
import struct

SECTION_START, SECTION_END, KEY_VALUE, LIST_START, LIST_ITEM, LIST_END = 1, 2, 3, 4, 5, 6
CMD_REQUEST, CMD_RESPONSE, CMD_UNKNOWN, EVENT_REGISTER, EVENT_UNREGISTER, EVENT_CONFIRM, EVENT_UNKNOWN, EVENT = range(8)


def name(s):
    b = s.encode() if isinstance(s, str) else s
    return bytes([len(b)]) + b


def value(v):
    b = v.encode() if isinstance(v, str) else v
    return struct.pack(">H", len(b)) + b


def body(tree):
    """tree: pairs (key, str or bytes) for key/values, (key, list) for lists, (key, Sec(...)) for sections."""
    out = b""
    for key, v in tree:
        if isinstance(v, (str, bytes)):
            out += bytes([KEY_VALUE]) + name(key) + value(v)
        elif isinstance(v, list):
            out += bytes([LIST_START]) + name(key) + b"".join(bytes([LIST_ITEM]) + value(i) for i in v) + bytes([LIST_END])
        else:
            out += bytes([SECTION_START]) + name(key) + body(v.items) + bytes([SECTION_END])
    return out


class Sec:
    def __init__(self, *items):
        self.items = list(items)


def frame(ptype, pname=None, payload=b""):
    data = bytes([ptype]) + (name(pname) if pname is not None else b"") + payload
    return struct.pack(">I", len(data)) + data


def write(fn, data):
    with open(fn, "wb") as f:
        f.write(data)


# ---- valid, real-shaped frames ----------------------------------------------------------------
with open("../../../bench/FleetCtl.Bench/data/listsa.bin", "rb") as f:
    listsa = f.read()
assert len(listsa) == 4875
write("ok-listsa-event.bin", frame(EVENT, "list-sa", listsa))

write("ok-version-response.bin", frame(CMD_RESPONSE, None, body([
    ("daemon", "charon"), ("version", "5.9.8"), ("sysname", "Linux"), ("release", "6.1.0-28-amd64"), ("machine", "x86_64")])))

spec = body([("key1", "value1"), ("section1", Sec(("sub-section", Sec(("key2", "value2"))), ("list1", ["item1", "item2"])))])
assert spec == bytes([3, 4]) + b"key1" + bytes([0, 6]) + b"value1" + bytes([1, 8]) + b"section1" + bytes([1, 11]) + b"sub-section" \
    + bytes([3, 4]) + b"key2" + bytes([0, 6]) + b"value2" + bytes([2, 4, 5]) + b"list1" + bytes([5, 0, 5]) + b"item1" \
    + bytes([5, 0, 5]) + b"item2" + bytes([6, 2])
write("ok-spec-example-response.bin", frame(CMD_RESPONSE, None, spec))

write("ok-initiate-request.bin", frame(CMD_REQUEST, "initiate", body([
    ("child", "net"), ("ike", "s2s"), ("timeout", "15000"), ("init-limits", "yes"), ("loglevel", "1")])))

write("ok-load-conn-request.bin", frame(CMD_REQUEST, "load-conn", body([("s2s", Sec(
    ("version", "2"),
    ("local_addrs", ["198.51.100.10"]),
    ("remote_addrs", ["203.0.113.42", "203.0.113.43"]),
    ("proposals", ["aes256-sha256-x25519", "default"]),
    ("local-1", Sec(("auth", "psk"), ("id", "gw-hq.example.org"))),
    ("remote-1", Sec(("auth", "psk"), ("id", "gw-site-042.example.org"))),
    ("children", Sec(("net", Sec(
        ("local_ts", ["10.1.0.0/16"]),
        ("remote_ts", ["10.42.0.0/16", "10.43.0.0/16"]),
        ("esp_proposals", []),
        ("start_action", "start"))))),
))])))

write("ok-register-ike-updown.bin", frame(EVENT_REGISTER, "ike-updown"))
write("ok-event-confirm.bin", frame(EVENT_CONFIRM))
write("ok-cmd-unknown.bin", frame(CMD_UNKNOWN))

write("ok-ike-updown-event.bin", frame(EVENT, "ike-updown", body([("up", "yes"), ("s2s", Sec(
    ("uniqueid", "7"), ("state", "ESTABLISHED"), ("remote-host", "203.0.113.42"), ("initiator", "yes"),
    ("child-sas", Sec())))])))

# get-counters: the global counters are the section with the empty name
write("ok-get-counters-response.bin", frame(CMD_RESPONSE, None, body([
    ("counters", Sec(("", Sec(("ike-rekey-init", "3"), ("ike-init-out-req", "12"))), ("s2s", Sec(("ike-rekey-init", "1"))))),
    ("success", "yes")])))

# load-cert with a binary (DER-like, non-UTF-8) value
der = bytes([0x30, 0x82, 0x01, 0x0A]) + bytes(range(256))
write("ok-load-cert-request.bin", frame(CMD_REQUEST, "load-cert", body([("type", "X509"), ("flag", "NONE"), ("data", der)])))

# ---- known-bad frames -------------------------------------------------------------------------
write("bad-Malformed-nested-list.bin", frame(CMD_RESPONSE, None,
      bytes([LIST_START]) + name("a") + bytes([LIST_START]) + name("b") + bytes([LIST_END, LIST_END])))
write("bad-Malformed-key-value-in-list.bin", frame(CMD_RESPONSE, None,
      bytes([LIST_START]) + name("a") + bytes([KEY_VALUE]) + name("k") + value("v") + bytes([LIST_END])))
write("bad-Malformed-section-end-at-root.bin", frame(CMD_RESPONSE, None, body([("k", "v")]) + bytes([SECTION_END])))
write("bad-Malformed-event-confirm-trailing.bin", frame(EVENT_CONFIRM, None, b"\x00"))
write("bad-UnknownPacketType-9.bin", frame(9, None, body([("k", "v")])))
write("bad-UnknownElementType-0.bin", frame(CMD_RESPONSE, None, body([("k", "v")]) + b"\x00"))
write("bad-InvalidName-key.bin", frame(EVENT, "log", bytes([KEY_VALUE]) + name(b"ms\xffg") + value("hello")))
truncated = listsa[:-100]
write("bad-Truncated-listsa-cut.bin", frame(EVENT, "list-sa", truncated))
write("bad-Truncated-unclosed-section.bin", frame(CMD_RESPONSE, None, bytes([SECTION_START]) + name("s") + body([("k", "v")])))
write("bad-NestingTooDeep-65.bin", frame(CMD_RESPONSE, None, (bytes([SECTION_START]) + name("s")) * 65 + bytes([SECTION_END]) * 65))
write("bad-FrameTooLarge-header.bin", struct.pack(">I", 512 * 1024 + 1) + bytes([CMD_RESPONSE]) + body([("k", "v")]))
