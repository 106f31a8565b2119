#!/bin/sh
# Writes one random XMPP password per account of docker-compose.yml, as the Docker secret files
# docker/secrets/<account> that Prosody provisions the account from and the party itself reads
# through XMPP_PASSWORD_FILE=/run/secrets/<account>. An existing file is kept, so running it
# again never locks a party out. Run it once before `docker compose up`.
#
# Usage: docker/make-secrets.sh [DIR]     (DIR defaults to docker/secrets beside this script)
#
# The directory is private (0700): that is what keeps the passwords from other users of this
# machine. The files themselves are world-readable (0644) on purpose: compose mounts file
# secrets as they are, and the services read them as their own unprivileged users (uid 10001
# in the pmad image, prosody in the Prosody image), not as the owner of the file on the host.
set -eu

accounts="coordinator agent-1 agent-2 agent-3 agent-4 agent-5"
dir=${1:-$(dirname "$0")/secrets}

umask 077
mkdir -p "$dir"
chmod 0700 "$dir"
for account in $accounts; do
	file="$dir/$account"
	if [ -s "$file" ]; then
		echo "make-secrets: keeping $file"
		continue
	fi
	# 32 characters from [A-Za-z0-9]: about 190 bits, and nothing a shell or Lua could mangle.
	password=$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32)
	[ "${#password}" -eq 32 ] || { echo "make-secrets: could not read /dev/urandom" >&2; exit 1; }
	printf '%s\n' "$password" >"$file.tmp"
	chmod 0644 "$file.tmp"
	mv "$file.tmp" "$file"
	echo "make-secrets: wrote $file"
done
