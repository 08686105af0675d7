#!/bin/sh
# Starts N strongSwan gateways (gw1..gwN), one charon per network namespace, wired to a bridge in a hub
# namespace. Writes strongswan.conf + swanctl.conf per gateway, starts charon, waits for its VICI socket and
# loads the swanctl.conf (unless --no-load). Undo with lab-down.sh. See README.md.
#
#   usage: lab-up.sh [--no-load] N        (N >= 1, default 3; at most 80)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lab-env.sh"

LOAD=1
if [ "${1:-}" = "--no-load" ]; then LOAD=0; shift; fi
N=${1:-3}
case "$N" in ''|*[!0-9]*) echo "usage: $0 [--no-load] N" >&2; exit 2;; esac
if [ "$N" -lt 1 ] || [ "$N" -gt 80 ]; then echo "N must be 1..80" >&2; exit 2; fi
[ "$(id -u)" = 0 ] || { echo "lab-up.sh needs root (network namespaces)" >&2; exit 1; }
[ -x "$CHARON" ] || { echo "no charon at $CHARON (apt-get install strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-extra-plugins)" >&2; exit 1; }
if [ -e "$LAB_DIR/namespaces" ] || ip netns list | grep -q "^${LAB_HUB_NS}\b"; then
  echo "a lab is already up in $LAB_DIR (prefix $LAB_PREFIX); run lab-down.sh first" >&2; exit 1
fi

mkdir -p "$LAB_DIR"
: > "$LAB_DIR/namespaces"   # every namespace we create, one per line (lab-down.sh deletes exactly these)
: > "$LAB_DIR/pids"         # "PID NAMESPACE" of every charon we start (lab-down.sh kills exactly these)
echo "$N" > "$LAB_DIR/count"

# On any failure, take down what was built so far.
trap 'echo "lab-up.sh failed; cleaning up" >&2; "$HERE/lab-down.sh" >&2 || true' EXIT

# ---- topology: hub namespace with bridge br0; per gateway a veth pair gwK (in the hub, on br0) <-> eth0 (in gwK).
# Interfaces are created directly inside the namespaces, so nothing appears in the root namespace and parallel
# labs with different prefixes cannot collide. Bridging needs no iptables/nft.
ip netns add "$LAB_HUB_NS"; echo "$LAB_HUB_NS" >> "$LAB_DIR/namespaces"
ip -n "$LAB_HUB_NS" link set lo up
ip -n "$LAB_HUB_NS" link add br0 type bridge
ip -n "$LAB_HUB_NS" link set br0 up

i=1
while [ "$i" -le "$N" ]; do
  ns=$(gw_ns "$i")
  ip netns add "$ns"; echo "$ns" >> "$LAB_DIR/namespaces"
  # no IPv6: a link-local address appearing after an SA is up makes charon roam (MOBIKE) for nothing
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$LAB_HUB_NS" link add "gw$i" type veth peer name eth0 netns "$ns"
  ip -n "$LAB_HUB_NS" link set "gw$i" master br0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$(gw_outer "$i")/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" addr add "$(gw_inner "$i")/32" dev lo
  i=$((i + 1))
done

# ---- configs
write_gateway_config() {
  k=$1; dir="$LAB_DIR/gw$k"
  mkdir -p "$dir"
  for d in x509 x509ca x509aa x509ocsp x509crl x509ac pubkey private rsa ecdsa bliss pkcs8 pkcs12; do mkdir -p "$dir/$d"; done
  : > "$dir/charon.log"
  cat > "$dir/strongswan.conf" <<CONF
# gw$k of the FleetCtl lab. kernel-libipsec: the kernel here has no ESP, ESP runs in userspace over a TUN
# device (this forces UDP encapsulation: "remote host is behind NAT" in the log is expected).
charon {
  load_modular = no
  load = random nonce kdf openssl aes sha1 sha2 hmac gmp curve25519 pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici updown
  filelog {
    f {
      path = $dir/charon.log
      time_format = %F %T
      default = 1
      ike = 2
      flush_line = yes
    }
  }
  plugins {
    vici {
      socket = unix://$dir/charon.vici
    }
  }
}
CONF
  # Default peer: gw1 for everybody, gw2 for gw1. remote_addrs also lists the whole lab subnet, so every gateway
  # accepts IKE from any other lab gateway (what makes redirect work: a peer redirected here is accepted).
  if [ "$k" = 1 ]; then peer=2; else peer=1; fi
  if [ "$N" = 1 ]; then peer=1; fi
  remote_ts=""; j=1
  while [ "$j" -le "$N" ]; do
    if [ "$j" != "$k" ]; then remote_ts="${remote_ts:+$remote_ts, }$(gw_net "$j")"; fi
    j=$((j + 1))
  done
  [ -n "$remote_ts" ] || remote_ts=$(gw_net "$k")
  cat > "$dir/swanctl.conf" <<CONF
# gw$k: PSK site-to-site connection s2s (child net). Initiating goes to gw$peer ($(gw_outer "$peer"));
# responding is allowed for any lab gateway. The child's remote_ts lists every other gateway's inner net, so
# narrowing picks whichever gateway actually answers (gw1 after a normal initiate, gw3 after a redirect).
connections {
  s2s {
    version = 2
    local_addrs = $(gw_outer "$k")
    remote_addrs = $(gw_outer "$peer"), 10.99.0.0/24
    proposals = aes128-sha256-x25519
    local {
      auth = psk
      id = gw$k.lab
    }
    remote {
      auth = psk
    }
    children {
      net {
        local_ts = $(gw_net "$k")
        remote_ts = $remote_ts
        esp_proposals = aes128-sha256-x25519
      }
    }
  }
}
secrets {
  ike-lab {
    secret = "$LAB_PSK"
  }
}
CONF
}

i=1
while [ "$i" -le "$N" ]; do write_gateway_config "$i"; i=$((i + 1)); done

# ---- charon, one per namespace. A private mount namespace with a tmpfs on /run keeps each charon's
# /run/charon.pid apart. ip netns exec, unshare and sh all exec, so $! is charon's PID.
i=1
while [ "$i" -le "$N" ]; do
  ns=$(gw_ns "$i"); dir="$LAB_DIR/gw$i"
  ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs tmpfs /run && STRONGSWAN_CONF=$dir/strongswan.conf exec $CHARON" \
    > "$dir/charon.out" 2>&1 < /dev/null &
  echo "$! $ns" >> "$LAB_DIR/pids"
  echo "$!" > "$dir/charon.pid"
  i=$((i + 1))
done

# ---- wait for every VICI socket to answer (charon takes 14-40 ms; allow 10 s)
i=1
while [ "$i" -le "$N" ]; do
  dir="$LAB_DIR/gw$i"; t=0
  until "$SWANCTL" --stats --uri "unix://$dir/charon.vici" > /dev/null 2>&1; do
    t=$((t + 1))
    if [ "$t" -gt 100 ]; then echo "gw$i: no VICI answer after 10 s; see $dir/charon.log and $dir/charon.out" >&2; exit 1; fi
    if ! kill -0 "$(cat "$dir/charon.pid")" 2>/dev/null; then echo "gw$i: charon exited; see $dir/charon.out" >&2; cat "$dir/charon.out" >&2; exit 1; fi
    sleep 0.1
  done
  if [ "$LOAD" = 1 ]; then
    "$SWANCTL" --load-all --file "$dir/swanctl.conf" --uri "unix://$dir/charon.vici" > "$dir/load.out" 2>&1 \
      || { echo "gw$i: swanctl --load-all failed:" >&2; cat "$dir/load.out" >&2; exit 1; }
  fi
  i=$((i + 1))
done

trap - EXIT
echo "lab up: $N gateway(s) in $LAB_DIR (namespaces ${LAB_PREFIX}-*)"
i=1
while [ "$i" -le "$N" ]; do
  printf '  gw%-3s ns=%-14s outer=%-12s inner=%-11s pid=%-7s uri=unix://%s/charon.vici\n' \
    "$i" "$(gw_ns "$i")" "$(gw_outer "$i")" "$(gw_inner "$i")" "$(cat "$LAB_DIR/gw$i/charon.pid")" "$LAB_DIR/gw$i"
  i=$((i + 1))
done
