#!/usr/bin/env bash
# Builds the test bed: glusterd started by hand (no systemd), a replica-3 volume with Gluster's
# DEFAULT network.ping-timeout (42 s) reached through two FUSE mounts, a local directory and a
# small tmpfs as two more independent volumes. Run as root. Undo with teardown.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"

if ! command -v glusterd >/dev/null || ! command -v glusterfs >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq glusterfs-server glusterfs-client >/dev/null
fi

if [ -s "$GLUSTERD_PID" ] && kill -0 "$(cat "$GLUSTERD_PID")" 2>/dev/null; then
  echo "setup: glusterd already running (pid $(cat "$GLUSTERD_PID"))"
else
  /usr/sbin/glusterd -p "$GLUSTERD_PID"   # daemonizes
fi
for _ in $(seq 100); do gluster pool list >/dev/null 2>&1 && break; sleep 0.2; done
gluster pool list >/dev/null

# bricks must name a host that is not literally localhost/127.0.0.1
BH=$(hostname)
getent hosts "$BH" >/dev/null || BH=$(hostname -I | awk '{print $1}')
mkdir -p "$BASE"/{b1,b2,b3} "$MNT1" "$MNT2" "$MNT3" "$LOCAL" "$SMALL"
# 'force': three bricks on one server, on the root file system. No ping-timeout change: the
# suite must survive Gluster's defaults.
$G volume create "$VOL" replica 3 "$BH:$BASE/b1" "$BH:$BASE/b2" "$BH:$BASE/b3" force >/dev/null
$G volume set "$VOL" cluster.heal-timeout 10 >/dev/null   # self-heal daemon crawl (default 600 s)
$G volume start "$VOL" >/dev/null
mount -t glusterfs "localhost:/$VOL" "$MNT1"
mount -t glusterfs "localhost:/$VOL" "$MNT2"
mount -t glusterfs "localhost:/$VOL" "$MNT3"
mount -t tmpfs -o "size=$SMALL_SIZE" rollcall-small "$SMALL"
for m in "$MNT1" "$MNT2" "$MNT3" "$SMALL"; do grep -q " $m " /proc/mounts || { echo "setup: $m is not mounted" >&2; exit 1; }; done
echo "setup: volume $VOL on $BH, mounts $MNT1 $MNT2 $MNT3, local $LOCAL, small $SMALL ($SMALL_SIZE)"
