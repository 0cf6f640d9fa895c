#!/usr/bin/env bash
# Undoes setup.sh, whatever state the faults left behind: continues stopped processes, unmounts
# (lazily if needed) without ever stat-ing a possibly hung mount (/proc/mounts only), stops the
# volume and glusterd by pid, removes the bricks. Safe to run twice.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"

# a SIGSTOPped brick or FUSE client would make everything below hang: continue them first
for pid in $(pgrep -f "glusterfs.*($BASE|$VOL)" 2>/dev/null); do kill -CONT "$pid" 2>/dev/null; done

for m in "$MNT1" "$MNT2" "$MNT3" "$SMALL"; do
  if grep -q " $m " /proc/mounts; then timeout 10 umount "$m" 2>/dev/null || umount -l "$m"; fi
done
if [ -s "$GLUSTERD_PID" ] && kill -0 "$(cat "$GLUSTERD_PID")" 2>/dev/null; then
  timeout 30 $G volume stop "$VOL" force >/dev/null 2>&1   # stops bricks + self-heal daemon
  timeout 30 $G volume delete "$VOL" >/dev/null 2>&1
  gd=$(cat "$GLUSTERD_PID")
  kill "$gd" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$gd" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$gd" 2>/dev/null
fi
# leftover brick / self-heal daemons of this volume, by their pid files
for f in /run/gluster/vols/"$VOL"/*.pid /run/gluster/shd/"$VOL"/*.pid; do
  [ -s "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
  rm -f "$f"
done
# FUSE clients of our mounts that outlived the unmount (matched on our own mount paths only)
for pid in $(pgrep -f "glusterfs.*--volfile-id=/$VOL" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
rm -rf "$BASE" /var/lib/glusterd/vols/"$VOL" "$GLUSTERD_PID"
echo "teardown: done"
exit 0
