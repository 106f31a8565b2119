-- Prosody 0.12 configuration of a PMAD federation: one XMPP domain on which the coordinator
-- and every agent have an account. Agents reach the coordinator only through this server.
--
-- Values that differ between deployments come from the environment (Prosody reads ENV_<NAME>
-- as the variable NAME), with the defaults used by the Docker deployment:
--   XMPP_DOMAIN          the domain in every JID and in the certificate   (pmad.local)
--   PROSODY_CERTS_DIR    holds <domain>.crt and <domain>.key (a volume)    (/etc/prosody/certs)
--   PROSODY_DATA_DIR     accounts and other state (a volume)               (/var/lib/prosody)
--   PROSODY_C2S_PORT     client-to-server port                             (5222)
--   PROSODY_INTERFACES   the one address to listen on                      (* = all)
--   PROSODY_RUN_AS_ROOT  "true" if the container runs prosody as root      (unset)
-- Accounts: prosody/provision-accounts.sh, from Docker secrets. Run with `prosody -F`.

local domain = ENV_XMPP_DOMAIN or "pmad.local"
local certs = ENV_PROSODY_CERTS_DIR or "/etc/prosody/certs"
local data = ENV_PROSODY_DATA_DIR or "/var/lib/prosody"

-- Prosody refuses to run as root unless told to. Prefer the image's prosody user; a
-- container that must run as root says so explicitly.
run_as_root = ENV_PROSODY_RUN_AS_ROOT == "true"

-- Log to stdout, where `docker compose logs` finds it.
log = { info = "*console" }
-- Beside the data: /var/run/prosody may not exist in a container, and an unwritable pidfile is fatal.
pidfile = data .. "/prosody.pid"
data_path = data

-- One client-to-server port. STARTTLS only: no direct-TLS or legacy SSL ports to secure twice.
interfaces = { ENV_PROSODY_INTERFACES or "*" }
c2s_ports = { tonumber(ENV_PROSODY_C2S_PORT) or 5222 }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }

-- Only what a client session needs. Deliberately absent:
--   "limits": its rate limiting (Debian's stock config: c2s 10kb/s) would stretch one
--     5 MB model update to about nine minutes; the stanza size limit below bounds memory instead.
--   "register": accounts are provisioned by the operator, never created over the network.
--   "bosh", "websocket", "http*": the federation speaks plain XMPP over TCP only.
modules_enabled = {
	"roster";   -- Smack asks for it at login; cheap
	"saslauth"; -- password login (SCRAM-SHA-1 against the hashed store)
	"tls";      -- STARTTLS
	"disco";    -- service discovery, used by clients to learn server features
	"ping";     -- XEP-0199: clients detect dead connections and confirm login with it
}
modules_disabled = {
	-- No server-to-server: all parties of a federation use this one server, and an open s2s
	-- port would let other servers' users message the coordinator.
	"s2s";
	-- No offline storage: a message to a party that is not connected is lost, as the protocol
	-- expects (round deadlines handle it). Stored copies of model updates would fill the disk
	-- and be replayed to a reconnecting party as stale rounds.
	"offline";
}

-- Every client must encrypt before it authenticates.
c2s_require_encryption = true
-- Parties cannot create accounts for themselves; see provision-accounts.sh.
allow_registration = false
-- Store salted SCRAM hashes, never plaintext passwords.
authentication = "internal_hashed"
storage = "internal"

-- Prosody's default (256 KiB), stated to show it is a contract: PMAD's XMPP transport chunks
-- payloads above XMPP_CHUNK_BYTES (default 64 KiB, at most 180 KiB, whose base64 plus the
-- stanza envelope stays below this). A larger stanza makes Prosody close the sender's stream.
-- Lower this only together with XMPP_CHUNK_BYTES on every client.
c2s_stanza_size_limit = 256 * 1024

-- The event loop (net.server_epoll), tuned for a federation's traffic: a chain of small stanzas
-- per round and model updates of megabytes. Measured in BENCHMARKS.md, "Prosody's network settings".
--   nagle = false: TCP_NODELAY on every connection. With Nagle on, a small stanza written while
--     an earlier one is unacknowledged waits for the peer's delayed ACK (40 ms on Linux); the
--     PMAD client turns Nagle off on its side too.
--   min_wait = 1e-5: the shortest the loop sleeps (default 1 ms). Prosody reads a stream in
--     passes and, when TLS has more buffered, reads again after at least min_wait: at 1 ms a
--     model update crawls at a few MB/s. Idle sleep is bounded by timers and max_wait, not by this.
network_settings = {
	nagle = false;
	min_wait = 0.00001;
}
-- Bytes a client stream reads per pass (default 4 KiB): fewer passes per model-update chunk.
network_default_read_size = 65536
-- Lua 5.4's generational collector instead of Prosody's default (incremental, collecting again
-- once memory grows by 5%): with 1,000 clients the default spends about half of Prosody's CPU
-- on collection, this halves its CPU time over logins and rounds (BENCHMARKS.md).
gc = { mode = "generational" }

-- TLS 1.2 or newer, with the certificate for the domain from the certs volume. Clients trust
-- it through XMPP_CA_CERT (the CA's PEM, or this certificate itself when self-signed) and check
-- that it names the domain.
certificates = certs
ssl = {
	certificate = certs .. "/" .. domain .. ".crt";
	key = certs .. "/" .. domain .. ".key";
	protocol = "tlsv1_2+";
}

VirtualHost (domain)
