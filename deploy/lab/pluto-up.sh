#!/bin/sh
# Replaces gateway K of a running lab (lab-up.sh) with a real libreswan pluto: stops gwK's charon and starts pluto in
# gwK's namespace with one IKEv2 PSK connection `s2s` to gw1 (same addresses, identities and PSK as the lab's
# strongSwan gateways). Debian's libreswan conflicts with strongSwan's packages, so it is never installed: its .deb
# is unpacked into LAB_DIR/libreswan-root (apt-get download; needs the package registry) and pluto gets the
# /usr/libexec/ipsec it insists on from an overlay mounted only in its own mount namespace. lab-down.sh stops it.
# Prints the inventory entry that adds the gateway to FleetCtl. See docs/libreswan.md.
#
#   usage: pluto-up.sh [K]        (default: the lab's last gateway; K >= 2)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lab-env.sh"

[ "$(id -u)" = 0 ] || { echo "pluto-up.sh needs root (network and mount namespaces)" >&2; exit 1; }
[ -f "$LAB_DIR/count" ] || { echo "no lab in $LAB_DIR: run lab-up.sh first" >&2; exit 1; }
K=${1:-$(cat "$LAB_DIR/count")}
case "$K" in ''|*[!0-9]*) echo "usage: $0 [K]" >&2; exit 2;; esac
[ "$K" -ge 2 ] && [ "$K" -le "$(cat "$LAB_DIR/count")" ] || { echo "K must be 2..$(cat "$LAB_DIR/count") (gw1 stays charon, pluto's peer)" >&2; exit 2; }
command -v certutil >/dev/null || { echo "certutil is missing (apt-get install libnss3-tools)" >&2; exit 1; }

ROOT="$LAB_DIR/libreswan-root"
if [ ! -x "$ROOT/usr/libexec/ipsec/pluto" ]; then
  mkdir -p "$LAB_DIR/download" && (cd "$LAB_DIR/download" && rm -f libreswan_*.deb && apt-get download libreswan >/dev/null && dpkg -x libreswan_*.deb "$ROOT")
fi
WHACK="$ROOT/usr/libexec/ipsec/whack"

# stop gwK's charon (the one lab-up.sh recorded)
ns=$(gw_ns "$K")
pid=$(awk -v ns="$ns" '$2 == ns { print $1 }' "$LAB_DIR/pids")
if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$CHARON" ]; then
  kill -TERM "$pid"; t=0; while [ -e "/proc/$pid" ] && [ "$t" -lt 30 ]; do sleep 0.1; t=$((t + 1)); done
fi

dir="$LAB_DIR/pluto$K"
rm -rf "$dir"; mkdir -p "$dir/run" "$dir/nss" "$dir/ipsec.d"
certutil -N -d "sql:$dir/nss" --empty-password
cat > "$dir/ipsec.conf" <<CONF
config setup
	dnssec-enable=no
	logtime=yes
conn s2s
	left=$(gw_outer "$K")
	leftid=@gw$K.lab
	leftsubnet=$(gw_net "$K")
	right=$(gw_outer 1)
	rightid=@gw1.lab
	rightsubnet=$(gw_net 1)
	authby=secret
	ikev2=insist
	leftupdown=%disabled
	auto=add
CONF
printf '@gw%s.lab @gw1.lab : PSK "%s"\n' "$K" "$LAB_PSK" > "$dir/ipsec.secrets"
chmod 600 "$dir/ipsec.secrets"

ip netns exec "$ns" unshare -m sh -c "exec >>'$dir/pluto.out' 2>&1 </dev/null; umount -l /run/netns 2>/dev/null; \
  mount --make-rprivate / && mount -t tmpfs tmpfs /run && \
  mount -t overlay overlay -o lowerdir='$ROOT/usr/libexec':/usr/libexec /usr/libexec && \
  exec /usr/libexec/ipsec/pluto --nofork --config '$dir/ipsec.conf' --rundir '$dir/run' --dumpdir '$dir/run' \
    --nssdir '$dir/nss' --ipsecdir '$dir/ipsec.d' --secretsfile '$dir/ipsec.secrets' --logfile '$dir/pluto.log'" &
echo "$! $ns" >> "$LAB_DIR/pluto-pids"

t=0
until [ -S "$dir/run/pluto.ctl" ] && "$WHACK" --ctlsocket "$dir/run/pluto.ctl" --status 2>/dev/null | grep -q '"s2s":'; do
  t=$((t + 1)); [ "$t" -lt 150 ] || { echo "pluto did not come up; see $dir/pluto.log" >&2; exit 1; }
  sleep 0.1
done
echo "pluto (libreswan $("$WHACK" --ctlsocket "$dir/run/pluto.ctl" --status | sed -n 's/.*pluto_version=\([^,]*\).*/\1/p')) runs as gw$K ($(gw_outer "$K")) in $ns"
cat <<INV
inventory entry:
  - name: gw$K
    kind: libreswan
    command: $WHACK --ctlsocket $dir/run/pluto.ctl
bring an IKE SA up from gw1 (charon initiates; the kernel has no ESP, so pluto cannot install a child SA):
  swanctl --initiate --ike s2s --uri unix://$LAB_DIR/gw1/charon.vici --timeout 15
INV
