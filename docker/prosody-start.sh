#!/bin/sh
# Entrypoint of the `prosody` service of docker-compose.yml (official prosody/prosody 0.12 image,
# started as root, which it needs only for the steps before the last):
#
#   1. on first start, a self-signed TLS certificate for XMPP_DOMAIN in the prosody-certs volume
#      (the key never leaves it);
#   2. the certificate alone, published as ca.crt in the xmpp-ca volume, which the coordinator
#      and the agents mount read-only and trust through XMPP_CA_CERT;
#   3. the accounts of XMPP_ACCOUNTS (re)provisioned from the Docker secrets
#      /run/secrets/<account> by prosody/provision-accounts.sh; no in-band registration;
#   4. Prosody in the foreground as the unprivileged prosody user.
#
# Environment: XMPP_DOMAIN (pmad.local), XMPP_ACCOUNTS, and what prosody.cfg.lua and
# provision-accounts.sh read (PROSODY_CERTS_DIR, PROSODY_DATA_DIR, PROSODY_CONFIG, ...).
set -eu

domain=${XMPP_DOMAIN:-pmad.local}
certs=${PROSODY_CERTS_DIR:-/etc/prosody/certs}
data=${PROSODY_DATA_DIR:-/var/lib/prosody}
config=${PROSODY_CONFIG:-/etc/prosody/prosody.cfg.lua}
here=$(dirname "$0")
# Where docker-compose.yml mounts the xmpp-ca volume in this container.
ca_dir=/srv/pmad/xmpp-ca

say() { echo "prosody-start: $*"; }
fail() {
	echo "prosody-start: $*" >&2
	exit 1
}

mkdir -p "$certs" "$data" "$ca_dir"

key="$certs/$domain.key"
crt="$certs/$domain.crt"
if [ ! -s "$key" ] || [ ! -s "$crt" ]; then
	command -v openssl >/dev/null 2>&1 || fail "openssl is missing from the image: cannot make the TLS certificate"
	say "first start: making a self-signed certificate for $domain"
	(
		umask 077
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
			-subj "/CN=$domain" -addext "subjectAltName=DNS:$domain" \
			-keyout "$key.tmp" -out "$crt.tmp" 2>/dev/null
	) || fail "openssl could not make a certificate for '$domain' (is XMPP_DOMAIN a valid domain?)"
	mv "$key.tmp" "$key"
	mv "$crt.tmp" "$crt"
fi
chown root:prosody "$key"
chmod 0640 "$key"
chmod 0644 "$crt"

# Clients trust exactly this certificate; copy then rename, so a client never reads half a file.
cp "$crt" "$ca_dir/ca.crt.tmp"
chmod 0644 "$ca_dir/ca.crt.tmp"
mv "$ca_dir/ca.crt.tmp" "$ca_dir/ca.crt"
chmod 0755 "$ca_dir"
say "clients trust $ca_dir/ca.crt (CN=$domain)"

chown -R prosody:prosody "$data"
sh "$here/provision-accounts.sh"

say "starting Prosody for $domain"
exec runuser -u prosody -- prosody --config "$config" -F
