#!/bin/sh
# Stops what lab-up.sh started: kills exactly the charon PIDs it recorded (after checking each is still that
# charon, in that namespace) and deletes exactly the namespaces it recorded. Logs and configs stay in LAB_DIR
# unless --purge is given.
#
#   usage: lab-down.sh [--purge]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lab-env.sh"

PURGE=0
[ "${1:-}" = "--purge" ] && PURGE=1
[ "$(id -u)" = 0 ] || { echo "lab-down.sh needs root" >&2; exit 1; }

# Is PID still the charon we started in namespace NS (and not a reused PID)?
is_our_charon() {
  [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$CHARON" ] || return 1
  ip netns identify "$1" 2>/dev/null | grep -qx "$2"
}

if [ -f "$LAB_DIR/pids" ]; then
  while read -r pid ns; do
    [ -n "$pid" ] || continue
    if is_our_charon "$pid" "$ns"; then
      kill -TERM "$pid" 2>/dev/null
      t=0
      while is_our_charon "$pid" "$ns" && [ "$t" -lt 30 ]; do sleep 0.1; t=$((t + 1)); done
      if is_our_charon "$pid" "$ns"; then echo "charon $pid ($ns) ignored SIGTERM; SIGKILL" >&2; kill -KILL "$pid" 2>/dev/null; fi
      echo "stopped charon $pid ($ns)"
    fi
  done < "$LAB_DIR/pids"
  rm -f "$LAB_DIR/pids"
fi

# plutos started by pluto-up.sh: the pid recorded is the unshare'd shell that exec'd pluto, so its command is pluto
if [ -f "$LAB_DIR/pluto-pids" ]; then
  while read -r pid ns; do
    [ -n "$pid" ] || continue
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "pluto" ] && ip netns identify "$pid" 2>/dev/null | grep -qx "$ns"; then
      kill -TERM "$pid" 2>/dev/null && echo "stopped pluto $pid ($ns)"
    fi
  done < "$LAB_DIR/pluto-pids"
  rm -f "$LAB_DIR/pluto-pids"
fi

if [ -f "$LAB_DIR/namespaces" ]; then
  # Gateways first, hub last (deleting a namespace destroys its veth ends).
  for ns in $(tac "$LAB_DIR/namespaces"); do
    if ip netns list | grep -q "^$ns\b"; then
      ip netns del "$ns" && echo "deleted namespace $ns"
    fi
  done
  rm -f "$LAB_DIR/namespaces"
fi

if [ "$PURGE" = 1 ]; then rm -rf "$LAB_DIR"; echo "removed $LAB_DIR"; fi
exit 0
