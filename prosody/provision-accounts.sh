#!/bin/sh
# Creates the XMPP accounts of a PMAD federation, or resets their passwords, from password
# files in the Docker-secrets style: the password of account NAME is the content of
# $SECRETS_DIR/NAME (surrounding whitespace trimmed), the same file the party itself reads
# through XMPP_PASSWORD_FILE. Safe to run on every start: `prosodyctl register` on an existing
# account only sets its password again.
#
# Usage: provision-accounts.sh [ACCOUNT...]
#   ACCOUNT...          user names, e.g. coordinator agent-1 agent-2; default: $XMPP_ACCOUNTS
# Environment:
#   XMPP_ACCOUNTS       space-separated user names when none are given as arguments
#   XMPP_DOMAIN         the XMPP domain (default pmad.local, as in prosody.cfg.lua)
#   SECRETS_DIR         where the password files are (default /run/secrets)
#   PROSODY_CONFIG      Prosody's config (default /etc/prosody/prosody.cfg.lua)
#   PROSODYCTL          the prosodyctl command (default prosodyctl)
set -eu

domain=${XMPP_DOMAIN:-pmad.local}
secrets=${SECRETS_DIR:-/run/secrets}
config=${PROSODY_CONFIG:-/etc/prosody/prosody.cfg.lua}
prosodyctl=${PROSODYCTL:-prosodyctl}

fail() {
	echo "provision-accounts: $*" >&2
	exit 1
}

if [ "$#" -eq 0 ]; then
	# Word splitting of XMPP_ACCOUNTS is intended: it is a list.
	# shellcheck disable=SC2086
	set -- ${XMPP_ACCOUNTS:-}
fi
[ "$#" -gt 0 ] || fail "no accounts given: pass user names (e.g. coordinator agent-1) or set XMPP_ACCOUNTS"
command -v "$prosodyctl" >/dev/null 2>&1 \
	|| fail "'$prosodyctl' not found: run this where Prosody is installed (apt-get install -y prosody)"
[ -r "$config" ] || fail "Prosody config $config is not readable: set PROSODY_CONFIG"

# Check every account before changing any, so a typo does not leave a half-provisioned server.
for user in "$@"; do
	case "$user" in
		*[!a-z0-9._-]* | "" | [._-]*)
			fail "'$user' is not a valid account name: use lower-case letters, digits, '.', '_' and '-'" ;;
	esac
	file="$secrets/$user"
	[ -f "$file" ] && [ -r "$file" ] \
		|| fail "no readable password file $file for account '$user': add a secret named '$user' (or set SECRETS_DIR)"
	lines=$(grep -c '[^[:space:]]' "$file" || true)
	[ "$lines" -eq 1 ] || fail "password file $file must hold exactly one non-empty line, has $lines"
done

for user in "$@"; do
	file="$secrets/$user"
	password=$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$file" | grep -v '^$')
	# The password goes through stdin (prosodyctl asks for it twice), never the command line,
	# where any process on the machine could read it.
	if ! output=$(printf '%s\n%s\n' "$password" "$password" \
			| "$prosodyctl" --config "$config" register "$user" "$domain" 2>&1); then
		fail "prosodyctl register $user $domain failed: $output"
	fi
	echo "provision-accounts: $user@$domain has the password from $file"
done
