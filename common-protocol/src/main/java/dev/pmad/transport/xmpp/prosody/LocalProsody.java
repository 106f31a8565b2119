package dev.pmad.transport.xmpp.prosody;

import dev.pmad.transport.xmpp.XmppSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A real Prosody (the Debian {@code prosody} binary) run by this process on a free loopback port:
 * for {@code pmad local}, benchmarks and tests of anything that speaks XMPP.
 *
 * <pre>{@code
 * try (LocalProsody prosody = LocalProsody.builder().build()) {
 *     prosody.start();
 *     XmppSettings alice = prosody.settingsFor(prosody.createAccount("alice"));
 * }
 * }</pre>
 *
 * <p>Each server gets a private temporary directory with a generated config, a self-signed
 * certificate for its domain (made with the {@code openssl} CLI, which Debian's prosody pulls in
 * through {@code ssl-cert}) whose PEM the clients trust, and its data; {@link #close()} deletes
 * it. The config mirrors the deployment's ({@code prosody/prosody.cfg.lua}) where it matters:
 * STARTTLS required, no in-band registration, hashed passwords, no rate limits, offline storage
 * off; s2s and HTTP are off.
 *
 * <p>Not for production servers: nothing survives {@link #close()}, and the certificate is valid
 * for two days. Deployments run {@code prosody/prosody.cfg.lua} with their own certificate.
 */
public final class LocalProsody implements AutoCloseable {
    /** Prosody's own default for {@code c2s_stanza_size_limit} after login. */
    public static final int DEFAULT_STANZA_LIMIT = 256 * 1024;
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(20);
    private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(30);
    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * PBKDF2 iterations (SCRAM's i, RFC 5802 section 2.2) of the accounts {@link #createAccounts}
     * writes: one, where Prosody's default is 10,000 and RFC 5802 suggests at least 4096.
     * Iterations make each guess at a password from a leaked account file cost more; they matter
     * for passwords people choose. These are 144 random bits made for one run, on a server that
     * listens on loopback only and whose data directory (owner-only) is deleted with it: 2^144
     * guesses stay out of reach with or without a factor of 4096. Both ends pay the iterations at
     * every login, the client inside Smack under one JVM-wide lock (its {@code MAC} class), about
     * 2.6 ms each, and for {@code pmad local}'s thousand agents that was a quarter of the setup's
     * CPU (BENCHMARKS.md, 1,000 agents over XMPP). Not for services: their accounts are registered
     * with prosodyctl at Prosody's default, and their passwords may be chosen by people.
     */
    static final int LOCAL_ITERATION_COUNT = 1;

    private final String domain;
    private final int stanzaSizeLimit;
    private final Path deploymentConfig;
    private volatile Path dir;
    private volatile int port;
    private volatile Process process;
    private Thread shutdownHook;

    private LocalProsody(Builder builder) {
        this.domain = builder.domain;
        this.stanzaSizeLimit = builder.stanzaSizeLimit;
        this.deploymentConfig = builder.deploymentConfig;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The first executable this class needs ({@code prosody}, {@code prosodyctl}, {@code openssl})
     * that is not on the PATH, quoted for a message; empty when all are there.
     */
    public static Optional<String> missingExecutable() {
        return ProsodyExecutables.missing();
    }

    /** A server account. {@link #toString()} leaves the password out: accounts end up in logs. */
    public record Account(String username, String password, String jid) {
        public Account {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(jid, "jid");
        }

        @Override
        public String toString() {
            return "Account[" + jid + "]";
        }
    }

    /**
     * Starts the server, preparing its directory on the first call; returns once the port accepts.
     *
     * @throws IllegalStateException if an executable is missing (the message says what to install),
     *     or prosody exits or does not listen within 20 s (the message carries its log)
     */
    public synchronized void start() {
        if (process != null && process.isAlive()) return;
        missingExecutable().ifPresent(name -> {
            throw new IllegalStateException(name + " not found on PATH; install it with: apt-get install -y prosody");
        });
        try {
            if (dir == null) prepare();
            if (shutdownHook == null) {
                // A JVM stopped with Ctrl-C or killed by a test runner must not leave prosody holding
                // its port, nor its private key and accounts in /tmp.
                shutdownHook = new Thread(() -> {
                    Process running = process; // no lock: another thread may hold it while the JVM exits
                    if (running != null) {
                        try {
                            running.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    delete(dir);
                }, "prosody-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            ProcessBuilder builder = new ProcessBuilder(ProsodyExecutables.PROSODY, "--config", configFile().toString(), "-F");
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

    /** Stops the server and deletes its directory (certificate, accounts, logs). */
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
        delete(dir);
        dir = null;
    }

    private static void delete(Path directory) {
        if (directory == null) return;
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover directory in /tmp is not worth failing for.
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Creates (or resets the password of) an account with a random password; see
     * {@link #createAccounts(List)}.
     */
    public Account createAccount(String username) {
        return createAccounts(List.of(username)).get(0);
    }

    /**
     * Creates (or resets) many accounts with random passwords. With the generated config, writes
     * Prosody's account files directly ({@link AccountFiles}), deriving the SCRAM keys on every
     * core with {@link #LOCAL_ITERATION_COUNT} iteration: 1,000 accounts in well under a second
     * instead of one {@code prosodyctl register} (about 0.2 s of Lua start-up) each. With a
     * {@linkplain Builder#deploymentConfig deployment config}, whose storage is the deployment's
     * business, runs {@code prosodyctl register} on every core at once. Works whether or not the
     * server is running.
     *
     * @param usernames lower-case letters, digits, '.', '_' and '-'
     * @return the accounts, in the order of {@code usernames}
     */
    public List<Account> createAccounts(List<String> usernames) {
        if (deploymentConfig != null) return registerAll(usernames);
        Path data = directory().resolve("data");
        // Parallel: even at one iteration, a salt, three HMACs and a file per account add up for thousands.
        return usernames.parallelStream().map(username -> {
            String password = randomPassword();
            AccountFiles.write(data, domain, username,
                    ScramCredentials.derive(password, UUID.randomUUID().toString(), LOCAL_ITERATION_COUNT));
            return new Account(username, password, username + "@" + domain);
        }).toList();
    }

    private List<Account> registerAll(List<String> usernames) {
        int parallelism = Math.max(1, Math.min(usernames.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "prosodyctl-register");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Account>> pending = new ArrayList<>();
            for (String username : usernames) pending.add(pool.submit(() -> createAccount(username, randomPassword())));
            List<Account> accounts = new ArrayList<>();
            for (Future<Account> f : pending) accounts.add(f.get());
            return accounts;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("could not create the accounts: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating accounts", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** 144 random bits as hex: printable ASCII, so SASLprep leaves it as it is. */
    private static String randomPassword() {
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /**
     * {@code prosodyctl register}: creates the account or resets its password. The password goes
     * through stdin, as in {@code prosody/provision-accounts.sh}: a command line is readable by
     * every process on the machine. Works whether or not the server is running.
     */
    public Account createAccount(String username, String password) {
        // Not synchronized: prosodyctl processes for different accounts write different files.
        run(List.of(ProsodyExecutables.PROSODYCTL, "--config", configFile().toString(), "register", username, domain),
                password + "\n" + password + "\n");
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
        return directory().resolve("certs").resolve(domain + ".crt");
    }

    public synchronized Path configFile() {
        return deploymentConfig != null ? deploymentConfig : directory().resolve("prosody.cfg.lua");
    }

    /**
     * What this server's processes get in their environment: the variables through which
     * {@code prosody/prosody.cfg.lua} is placed (domain, certificate and data directories, port,
     * loopback interface, root), and {@code PROSODY_CONFIG} for {@code provision-accounts.sh}.
     */
    public synchronized Map<String, String> environment() {
        Path d = directory();
        return Map.of("XMPP_DOMAIN", domain,
                "PROSODY_CERTS_DIR", d.resolve("certs").toString(),
                "PROSODY_DATA_DIR", d.resolve("data").toString(),
                "PROSODY_C2S_PORT", Integer.toString(port),
                "PROSODY_INTERFACES", host(),
                "PROSODY_RUN_AS_ROOT", Boolean.toString(ProsodyExecutables.isRoot()),
                "PROSODY_CONFIG", configFile().toString());
    }

    /** The last {@code lines} lines of Prosody's log, for error messages. */
    public synchronized String logTail(int lines) {
        try {
            List<String> all = new ArrayList<>();
            for (String name : List.of("prosody.out", "prosody.log")) {
                Path file = directory().resolve(name);
                if (Files.exists(file)) all.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no Prosody log: " + e + ")";
        }
    }

    private Path directory() {
        return Objects.requireNonNull(dir, "start() the server first");
    }

    private void prepare() throws IOException {
        // createTempDirectory makes it owner-only (rwx------): the key and the accounts stay private.
        dir = Files.createTempDirectory("pmad-prosody-");
        Files.createDirectories(dir.resolve("data"));
        Path certs = dir.resolve("certs");
        port = freePort();
        SelfSignedCertificate.generate(certs, domain);
        if (deploymentConfig == null) {
            Files.writeString(configFile(), ProsodyConfig.render(dir, domain, port, stanzaSizeLimit,
                    ProsodyExecutables.isRoot()));
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prosody exited with " + process.exitValue()
                        + " during startup; log:\n" + logTail(30));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(host(), port), 200);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        String log = logTail(30);
        stop();
        throw new IllegalStateException("prosody did not accept connections on " + host() + ":" + port + " within "
                + STARTUP_DEADLINE.toSeconds() + " s; log:\n" + log);
    }

    private void run(List<String> command, String stdin) {
        try {
            Path output = Files.createTempFile(directory(), "command-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment());
            Process p = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + COMMAND_DEADLINE.toSeconds() + " s");
            }
            String log = Files.readString(output);
            Files.delete(output);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(5, command.size())))
                        + " ... failed with exit code " + p.exitValue() + ": " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static final class Builder {
        private String domain = "localhost";
        private int stanzaSizeLimit = DEFAULT_STANZA_LIMIT;
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

        public LocalProsody build() {
            return new LocalProsody(this);
        }
    }
}
