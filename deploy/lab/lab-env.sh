# Shared settings for lab-up.sh / lab-down.sh. Sourced, not executed.
#   LAB_DIR     where configs, logs and the PID files live   (default /tmp/fleetctl-lab)
#   LAB_PREFIX  prefix of every network namespace we create  (default fclab)
LAB_DIR=${LAB_DIR:-/tmp/fleetctl-lab}
LAB_PREFIX=${LAB_PREFIX:-fclab}
CHARON=${CHARON:-/usr/lib/ipsec/charon}
SWANCTL=${SWANCTL:-/usr/sbin/swanctl}
LAB_HUB_NS="${LAB_PREFIX}-hub"
LAB_PSK=${LAB_PSK:-fleetctl-lab-psk}

gw_ns()    { echo "${LAB_PREFIX}-gw$1"; }
gw_outer() { echo "10.99.0.$1"; }            # on eth0, /24, all gateways share 10.99.0.0/24 through the hub bridge
gw_inner() { echo "10.$((10 + $1)).0.1"; }   # on lo, /32: gw1 10.11.0.1, gw2 10.12.0.1, ...
gw_net()   { echo "10.$((10 + $1)).0.0/24"; } # the gateway's local traffic selector
