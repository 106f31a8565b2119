package dev.pmad.transport.xmpp;

import dev.pmad.config.Env;
import dev.pmad.transport.direct.DirectSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * How one identity (the coordinator or an agent) reaches the XMPP server. Immutable and
 * validated on construction; each message names the environment variable to fix.
 *
 * @param host server host name or IP to connect to ({@code XMPP_SERVER})
 * @param port client-to-server port ({@code XMPP_PORT}, default 5222)
 * @param domain XMPP domain, the part after {@code @} in JIDs and the name the server's
 *     certificate must carry ({@code XMPP_DOMAIN}, default: the host)
 * @param username local part of this identity's JID
 * @param password this identity's password ({@code XMPP_PASSWORD} or {@code XMPP_PASSWORD_FILE})
 * @param caCertPem PEM file with the certificate(s) to trust for the server ({@code XMPP_CA_CERT});
 *     the JVM's default trust store is never used
 * @param requireTls refuse to log in without STARTTLS ({@code XMPP_REQUIRE_TLS}, default true)
 * @param chunkBytes payloads above this many bytes are chunked ({@code XMPP_CHUNK_BYTES})
 * @param connectTimeout TCP connect timeout of one attempt
 * @param backoff waits between failed connection attempts
 * @param reassembly bounds on incoming payloads, derived from {@code MAX_MODEL_PARAMETERS}
 * @param direct where this party serves large payloads for receivers to fetch directly
 *     ({@code XMPP_DIRECT_HOST}, {@code XMPP_DIRECT_PORT}); null: large payloads go in-band as chunks
 */
public record XmppSettings(String host, int port, String domain, String username, String password,
                           Path caCertPem, boolean requireTls, int chunkBytes, Duration connectTimeout,
                           Backoff backoff, ReassemblyLimits reassembly, DirectSettings direct) {
    public static final int DEFAULT_PORT = 5222;
    /** 64 KiB: a model update of 500,000 parameters is ~80 stanzas, each far below 256 KiB. */
    public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;
    /** Base64 of 180 KiB plus the envelope stays below Prosody's default 256 KiB stanza limit. */
    public static final int MAX_CHUNK_BYTES = 180 * 1024;
    public static final int MIN_CHUNK_BYTES = 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public XmppSettings {
        require(host != null && !host.isBlank(), "XMPP server host is empty (set XMPP_SERVER, e.g. XMPP_SERVER=prosody)");
        require(port >= 1 && port <= 65535, "XMPP port must be 1-65535, was " + port + " (set XMPP_PORT)");
        require(domain != null && isDomain(domain),
                "XMPP domain '" + domain + "' is not a valid lower-case domain (set XMPP_DOMAIN, e.g. XMPP_DOMAIN=pmad.local)");
        require(username != null && isLocalpart(username), "XMPP username '" + username
                + "' is not a valid lower-case JID local part (use a-z, digits, '-', '_', '.'; no '@' or '/')");
        require(password != null && !password.isEmpty(),
                "XMPP password for " + username + " is empty (set XMPP_PASSWORD or XMPP_PASSWORD_FILE)");
        if (requireTls) {
            require(caCertPem != null, "TLS is required but no CA certificate is configured: set XMPP_CA_CERT"
                    + " to the PEM file of the certificate that signed the XMPP server's certificate"
                    + " (or XMPP_REQUIRE_TLS=false for a plaintext test server)");
        }
        if (caCertPem != null) {
            require(Files.isReadable(caCertPem), "XMPP_CA_CERT=" + caCertPem + " is not a readable file");
        }
        require(chunkBytes >= MIN_CHUNK_BYTES && chunkBytes <= MAX_CHUNK_BYTES, "XMPP chunk size must be "
                + MIN_CHUNK_BYTES + ".." + MAX_CHUNK_BYTES + " bytes, was " + chunkBytes + " (set XMPP_CHUNK_BYTES)");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        require(!connectTimeout.isNegative() && !connectTimeout.isZero() && connectTimeout.toMillis() <= Integer.MAX_VALUE,
                "connect timeout must be > 0, was " + connectTimeout);
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(reassembly, "reassembly");
        require(chunkBytes <= reassembly.maxPayloadBytes(), "XMPP chunk size " + chunkBytes
                + " is above the largest payload accepted (" + reassembly.maxPayloadBytes() + ")");
    }

    /** Settings with TLS required and every tuning knob at its default. */
    public static XmppSettings of(String host, int port, String domain, String username, String password, Path caCertPem) {
        return new XmppSettings(host, port, domain, username, password, caCertPem, true, DEFAULT_CHUNK_BYTES,
                DEFAULT_CONNECT_TIMEOUT, Backoff.DEFAULT, ReassemblyLimits.DEFAULT, null);
    }

    /**
     * Reads {@code XMPP_SERVER}, {@code XMPP_PORT}, {@code XMPP_DOMAIN}, {@code XMPP_PASSWORD} or
     * {@code XMPP_PASSWORD_FILE} (a Docker secret such as {@code /run/secrets/agent-1}; trimmed),
     * {@code XMPP_CA_CERT}, {@code XMPP_REQUIRE_TLS}, {@code XMPP_CHUNK_BYTES}, {@code XMPP_DIRECT_HOST},
     * {@code XMPP_DIRECT_PORT} and {@code MAX_MODEL_PARAMETERS}; the username is
     * the value of {@code usernameVariable} (e.g. {@code AGENT_ID}), so one environment can name
     * the coordinator and an agent differently.
     */
    public static XmppSettings fromEnvironment(Map<String, String> environment, String usernameVariable) {
        Env env = new Env(environment);
        // Ranges are checked by the constructor, whose messages name the variable and the limits.
        String host = env.required("XMPP_SERVER", "set it to the XMPP server's host name, e.g. XMPP_SERVER=prosody");
        String username = env.required(usernameVariable, "set it to this identity's XMPP user name");
        require(!username.contains("@"), usernameVariable + "=" + username
                + " must be the user name only (e.g. agent-1, not agent-1@domain); the domain comes from XMPP_DOMAIN");
        String domain = env.string("XMPP_DOMAIN", host);
        String ca = env.string("XMPP_CA_CERT", null);
        return new XmppSettings(host, env.integer("XMPP_PORT", DEFAULT_PORT, Integer.MIN_VALUE, Integer.MAX_VALUE), domain, username, password(env),
                ca == null ? null : Path.of(ca), env.bool("XMPP_REQUIRE_TLS", true),
                env.integer("XMPP_CHUNK_BYTES", DEFAULT_CHUNK_BYTES, Integer.MIN_VALUE, Integer.MAX_VALUE), DEFAULT_CONNECT_TIMEOUT,
                Backoff.DEFAULT, ReassemblyLimits.forModel(env.integer("MAX_MODEL_PARAMETERS",
                        ReassemblyLimits.DEFAULT_MAX_MODEL_PARAMETERS, 1, ReassemblyLimits.MAX_MODEL_PARAMETERS)),
                direct(env));
    }

    /** This identity's bare JID, {@code username@domain}. */
    public String jid() {
        return username + "@" + domain;
    }

    public XmppSettings withPassword(String newPassword) {
        return new XmppSettings(host, port, domain, username, newPassword, caCertPem, requireTls, chunkBytes,
                connectTimeout, backoff, reassembly, direct);
    }

    public XmppSettings withPort(int newPort) {
        return new XmppSettings(host, newPort, domain, username, password, caCertPem, requireTls, chunkBytes,
                connectTimeout, backoff, reassembly, direct);
    }

    public XmppSettings withBackoff(Backoff newBackoff) {
        return new XmppSettings(host, port, domain, username, password, caCertPem, requireTls, chunkBytes,
                connectTimeout, newBackoff, reassembly, direct);
    }

    public XmppSettings withReassembly(ReassemblyLimits newLimits) {
        return new XmppSettings(host, port, domain, username, password, caCertPem, requireTls, chunkBytes,
                connectTimeout, backoff, newLimits, direct);
    }

    public XmppSettings withChunkBytes(int newChunkBytes) {
        return new XmppSettings(host, port, domain, username, password, caCertPem, requireTls, newChunkBytes,
                connectTimeout, backoff, reassembly, direct);
    }

    /** These settings with large payloads fetched directly from {@code newDirect}, or in-band if null. */
    public XmppSettings withDirect(DirectSettings newDirect) {
        return new XmppSettings(host, port, domain, username, password, caCertPem, requireTls, chunkBytes,
                connectTimeout, backoff, reassembly, newDirect);
    }

    /** Never prints the password: settings end up in logs. */
    @Override
    public String toString() {
        return "XmppSettings[" + jid() + " via " + host + ":" + port + ", tls=" + (requireTls ? "required" : "optional")
                + ", ca=" + caCertPem + ", chunkBytes=" + chunkBytes + ", connectTimeout=" + connectTimeout
                + ", " + backoff + ", " + reassembly + ", direct=" + direct + "]";
    }

    private static DirectSettings direct(Env env) {
        String host = env.string("XMPP_DIRECT_HOST", null);
        int port = env.integer("XMPP_DIRECT_PORT", 0, 0, 65535);
        return host == null ? null : new DirectSettings(host, port);
    }

    private static String password(Env env) {
        String inline = env.string("XMPP_PASSWORD", null);
        String file = env.string("XMPP_PASSWORD_FILE", null);
        require(inline == null || file == null,
                "both XMPP_PASSWORD and XMPP_PASSWORD_FILE are set: set only one (prefer the file, a Docker secret)");
        require(inline != null || file != null,
                "no XMPP password: set XMPP_PASSWORD_FILE to a file holding it (e.g. /run/secrets/agent-1) or XMPP_PASSWORD");
        if (inline != null) return inline;
        String content;
        try {
            content = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read XMPP_PASSWORD_FILE=" + file + ": " + e
                    + " (check the secret is mounted and readable)", e);
        }
        require(!content.isEmpty(), "XMPP_PASSWORD_FILE=" + file + " is empty: put the account's password in it");
        return content;
    }

    private static boolean isDomain(String domain) {
        try {
            // Canonical form only: the server reports senders in it, and Endpoint compares them.
            return !domain.isBlank() && JidCreate.domainBareFrom(domain).toString().equals(domain);
        } catch (XmppStringprepException e) {
            return false;
        }
    }

    private static boolean isLocalpart(String username) {
        try {
            // Canonical form only: the server reports senders in it, and Endpoint compares them.
            return Localpart.from(username).toString().equals(username);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }
}
