#!/usr/bin/env bash
# Health of the `prosody` service: a client stream opened on the client-to-server port is
# answered with stream features offering STARTTLS. Since docker/prosody-start.sh provisions
# the accounts before it starts Prosody, healthy also means the accounts exist.
# Needs only bash (the image has no XMPP client). Reads XMPP_DOMAIN and PROSODY_C2S_PORT.
set -u
domain=${XMPP_DOMAIN:-pmad.local}
port=${PROSODY_C2S_PORT:-5222}

if ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
  echo "unhealthy: nothing listens on $port" >&2
  exit 1
fi
printf "<?xml version='1.0'?><stream:stream to='%s' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" \
  "$domain" >&3
reply=""
# Read up to 20 tags, each within 3 s; Prosody sends the features right after its stream header.
for _ in $(seq 1 20); do
  IFS= read -r -t 3 -d '>' part <&3 || break
  reply+="$part>"
  case "$reply" in
    *"<starttls"*) printf '</stream:stream>' >&3; exit 0 ;;
    *"<stream:error"*) break ;;
  esac
done
echo "unhealthy: no STARTTLS offer for $domain on port $port; got: ${reply:0:300}" >&2
exit 1
