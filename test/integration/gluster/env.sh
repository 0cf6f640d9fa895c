# Shared settings of the Gluster integration suite (sourced by setup.sh, teardown.sh, run.sh).
BASE=${ROLLCALL_GLUSTER_BASE:-/tmp/rollcall-gluster}
VOL=${ROLLCALL_GLUSTER_VOL:-rollcallv}
G="gluster --mode=script"          # never prompt (volume stop/delete ask y/n otherwise)
MNT1="$BASE/mnt1"                  # two FUSE mounts of one replica-3 volume = one Rollcall volume, two paths
MNT2="$BASE/mnt2"
MNT3="$BASE/mnt3"                  # a third mount: the multi-node test gives each of its three nodes its own
LOCAL="$BASE/local"                # an independent local volume
SMALL="$BASE/small"                # a small tmpfs volume that the suite fills up
SMALL_SIZE=${ROLLCALL_GLUSTER_SMALL_SIZE:-1g}   # above the server default 512 MiB free floor; the fill phase fills it on purpose
GLUSTERD_PID=/run/rollcall-glusterd.pid
