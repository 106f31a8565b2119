package dev.pmad.testing;

import dev.pmad.transport.xmpp.XmppSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Prosody (the Debian {@code prosody} binary) on a free loopback port, for tests of the
 * XMPP transport and of anything running over it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ProsodyServer PROSODY = ProsodyServer.builder().build();
 *
 * XmppSettings alice = PROSODY.settingsFor(PROSODY.createAccount("alice"));
 * }</pre>
 *
 * <p>Each server gets a temporary directory with a generated config, a self-signed certificate
 * for its domain (made with the {@code openssl} CLI, which Debian's prosody pulls in through
 * {@code ssl-cert}) whose PEM the clients trust, and its data. The config mirrors the
 * deployment's ({@code prosody/prosody.cfg.lua}) where it matters: STARTTLS required, no in-band
 * registration, hashed passwords, no rate limits, offline storage off; s2s and HTTP are off.
 *
 * <p>Used as a static {@code @RegisterExtension} field it starts before the class's tests and
 * stops after them; otherwise call {@link #start()} and {@link #close()} yourself. Where the
 * binary is missing, tests are skipped with a message, except under {@code CI=true}, where they
 * fail: a CI that silently skips the XMPP tests proves nothing.
 */
public final class ProsodyServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    /** Prosody's own default for {@code c2s_stanza_size_limit} after login. */
    public static final int PROSODY_DEFAULT_STANZA_LIMIT = 256 * 1024;
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(20);
    private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(30);

    private final String domain;
    private final int stanzaSizeLimit;
    private final Path deploymentConfig;
    private Path dir;
    private int port;
    private volatile Process process;
    private Thread shutdownHook;

    private ProsodyServer(Builder builder) {
        this.domain = builder.domain;
        this.stanzaSizeLimit = builder.stanzaSizeLimit;
        this.deploymentConfig = builder.deploymentConfig;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A server account; the password is random unless given. */
    public record Account(String username, String password, String jid) {
        @Override
        public String toString() {
            return "Account[" + jid + "]";
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the server, preparing its directory on the first call; returns once the port accepts. */
    public synchronized void start() {
        if (process != null && process.isAlive()) return;
        requireBinaries();
        try {
            if (dir == null) prepare();
            if (shutdownHook == null) {
                // A JVM killed mid-test (Surefire timeout, Ctrl-C) must not leave prosody holding its port.
                shutdownHook = new Thread(() -> {
                    Process running = process; // no lock: a test thread may hold it while the JVM exits
                    if (running != null) running.destroyForcibly();
                }, "prosody-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            ProcessBuilder builder = new ProcessBuilder(Binaries.PROSODY, "--config", configFile().toString(), "-F");
            builder.environment().putAll(environment());
            process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prosody.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start prosody: " + e.getMessage(), e);
        }
        awaitListening();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s); clients see the stream close. */
    public synchronized void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Stops and starts again on the same port with the same accounts, as an operator's restart. */
    public synchronized void restart() {
        stop();
        start();
    }

    /**
     * Kills the server with SIGKILL, as a crash or an OOM kill would: clients get no stream
     * error, just a dead TCP connection. {@link #start()} brings it back.
     */
    public synchronized void kill() {
        if (process == null) return;
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops the server and deletes its directory. */
    @Override
    public synchronized void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or about to; nothing left to undo.
            }
            shutdownHook = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover temp directory is not worth failing a test for.
            }
            dir = null;
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Creates (or resets the password of) an account with a random password. */
    public Account createAccount(String username) {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        return createAccount(username, HexFormat.of().formatHex(secret));
    }

    /** {@code prosodyctl register}: creates the account or resets its password. */
    public synchronized Account createAccount(String username, String password) {
        Objects.requireNonNull(dir, "start() the server before creating accounts");
        run(List.of(Binaries.PROSODYCTL, "--config", configFile().toString(), "register", username, domain, password));
        return new Account(username, password, username + "@" + domain);
    }

    /** Settings for {@code account} against this server: TLS required, trusting its certificate. */
    public XmppSettings settingsFor(Account account) {
        return XmppSettings.of(host(), c2sPort(), domain, account.username(), account.password(), caCertificate());
    }

    public String host() {
        return "127.0.0.1";
    }

    public String domain() {
        return domain;
    }

    public synchronized int c2sPort() {
        return port;
    }

    /** The PEM of the server's self-signed certificate, which names {@link #domain()}. */
    public synchronized Path caCertificate() {
        return dir.resolve("certs").resolve(domain + ".crt");
    }

    public synchronized Path configFile() {
        return deploymentConfig != null ? deploymentConfig : dir.resolve("prosody.cfg.lua");
    }

    /**
     * What this server's processes get in their environment: the variables through which
     * {@code prosody/prosody.cfg.lua} is placed (domain, certificate and data directories, port,
     * loopback interface, root), and {@code PROSODY_CONFIG} for {@code provision-accounts.sh}.
     */
    public synchronized Map<String, String> environment() {
        Objects.requireNonNull(dir, "start() the server first");
        return Map.of("XMPP_DOMAIN", domain,
                "PROSODY_CERTS_DIR", dir.resolve("certs").toString(),
                "PROSODY_DATA_DIR", dir.resolve("data").toString(),
                "PROSODY_C2S_PORT", Integer.toString(port),
                "PROSODY_INTERFACES", host(),
                "PROSODY_RUN_AS_ROOT", Boolean.toString(Binaries.isRoot()),
                "PROSODY_CONFIG", configFile().toString());
    }

    /** The last {@code lines} lines of Prosody's log, for assertion messages. */
    public synchronized String logTail(int lines) {
        try {
            List<String> all = new ArrayList<>();
            for (String name : List.of("prosody.out", "prosody.log")) {
                Path file = dir.resolve(name);
                if (Files.exists(file)) all.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no Prosody log: " + e + ")";
        }
    }

    private void prepare() throws IOException {
        dir = Files.createTempDirectory("pmad-prosody-");
        Files.createDirectories(dir.resolve("data"));
        Path certs = dir.resolve("certs");
        port = freePort();
        SelfSignedCertificate.generate(certs, domain);
        if (deploymentConfig == null) {
            Files.writeString(configFile(), ProsodyConfig.render(dir, domain, port, stanzaSizeLimit, Binaries.isRoot()));
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prosody exited with " + process.exitValue()
                        + " during startup; log:\n" + logTail(30));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(host(), port), 200);
                return;
            } catch (IOException notYet) {
                Await.pause();
            }
        }
        String log = logTail(30);
        stop();
        throw new IllegalStateException("prosody did not accept connections on " + host() + ":" + port + " within "
                + STARTUP_DEADLINE.toSeconds() + " s; log:\n" + log);
    }

    private void run(List<String> command) {
        try {
            Path output = Files.createTempFile(dir, "command-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment());
            Process p = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + COMMAND_DEADLINE.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(4, command.size())))
                        + " ... failed with exit code " + p.exitValue() + ": " + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static void requireBinaries() {
        String missing = Binaries.missing();
        if (missing == null) return;
        String message = missing + " not found on PATH; install it with: apt-get install -y prosody";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(message);
        Assumptions.assumeTrue(false, message + " (XMPP tests skipped; they fail instead under CI=true)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static final class Builder {
        private String domain = "localhost";
        private int stanzaSizeLimit = PROSODY_DEFAULT_STANZA_LIMIT;
        private Path deploymentConfig;

        private Builder() {}

        /**
         * Runs this config file (the deployment's {@code prosody/prosody.cfg.lua}) instead of a
         * generated one, placed through {@link #environment()}; the stanza limit is then the file's.
         */
        public Builder deploymentConfig(Path config) {
            this.deploymentConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The XMPP domain (VirtualHost); also the name in the certificate. Default {@code localhost}. */
        public Builder domain(String domain) {
            this.domain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /** {@code c2s_stanza_size_limit} in bytes; default Prosody's own, 256 KiB. */
        public Builder stanzaSizeLimit(int bytes) {
            if (bytes < 10_000) throw new IllegalArgumentException("Prosody enforces a minimum of 10000 bytes, was " + bytes);
            this.stanzaSizeLimit = bytes;
            return this;
        }

        public ProsodyServer build() {
            return new ProsodyServer(this);
        }
    }
}
