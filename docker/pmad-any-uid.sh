#!/bin/sh
# Entrypoint of the Spark image: runs bin/pmad under any uid, with or without a passwd entry.
#
# Hadoop, inside Spark, asks the C library for the name of the process's uid and fails with
# "invalid null input: name" when there is none (`docker run --user 12345`, OpenShift and other
# platforms that pick the uid). For such a uid this gives the process a passwd and group entry
# through nss_wrapper (LD_PRELOAD), without a writable /etc/passwd. A uid that has an entry, such
# as the image's own 10001, runs bin/pmad untouched.
set -eu
uid=$(id -u)
gid=$(id -g)
if ! getent passwd "$uid" >/dev/null 2>&1; then
  dir=$(mktemp -d "${TMPDIR:-/tmp}/pmad-nss.XXXXXX")
  cat /etc/passwd >"$dir/passwd"
  echo "pmad-$uid:x:$uid:$gid:PMAD agent:${HOME:-/tmp}:/usr/sbin/nologin" >>"$dir/passwd"
  cat /etc/group >"$dir/group"
  if ! getent group "$gid" >/dev/null 2>&1; then echo "pmad-$gid:x:$gid:" >>"$dir/group"; fi
  export LD_PRELOAD="libnss_wrapper.so${LD_PRELOAD:+ $LD_PRELOAD}"
  export NSS_WRAPPER_PASSWD="$dir/passwd"
  export NSS_WRAPPER_GROUP="$dir/group"
fi
# bin/pmad sits beside this script (/opt/pmad/bin in the image).
exec "$(dirname -- "$0")/pmad" "$@"
