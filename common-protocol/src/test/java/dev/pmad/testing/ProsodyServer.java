package dev.pmad.testing;

import dev.pmad.transport.xmpp.XmppSettings;
import dev.pmad.transport.xmpp.prosody.LocalProsody;
import dev.pmad.transport.xmpp.prosody.LocalProsody.Account;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Prosody for tests of the XMPP transport and of anything running over it: the JUnit 5
 * face of {@link LocalProsody}, which does the work (free loopback port, generated config,
 * self-signed certificate, accounts).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ProsodyServer PROSODY = ProsodyServer.builder().build();
 *
 * XmppSettings alice = PROSODY.settingsFor(PROSODY.createAccount("alice"));
 * }</pre>
 *
 * <p>Used as a static {@code @RegisterExtension} field it starts before the class's tests and
 * stops after them; otherwise call {@link #start()} and {@link #close()} yourself. Where the
 * binary is missing, tests are skipped with a message, except under {@code CI=true}, where they
 * fail: a CI that silently skips the XMPP tests proves nothing.
 */
public final class ProsodyServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    /** Prosody's own default for {@code c2s_stanza_size_limit} after login. */
    public static final int PROSODY_DEFAULT_STANZA_LIMIT = LocalProsody.DEFAULT_STANZA_LIMIT;

    private final LocalProsody prosody;

    private ProsodyServer(LocalProsody prosody) {
        this.prosody = prosody;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Skips the calling test when {@code prosody}, {@code prosodyctl} or {@code openssl} is not
     * on the PATH, or fails it under {@code CI=true}. For tests that start Prosody some other way
     * (through {@code pmad local}, say) but want the same policy.
     */
    public static void assumeProsodyInstalled() {
        LocalProsody.missingExecutable().ifPresent(missing -> {
            String message = missing + " not found on PATH; install it with: apt-get install -y prosody";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(message);
            Assumptions.assumeTrue(false, message + " (XMPP tests skipped; they fail instead under CI=true)");
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts the server (see {@link LocalProsody#start()}); skips or fails the test if prosody is missing. */
    public void start() {
        assumeProsodyInstalled();
        prosody.start();
    }

    /** @see LocalProsody#stop() */
    public void stop() {
        prosody.stop();
    }

    /** @see LocalProsody#restart() */
    public void restart() {
        assumeProsodyInstalled();
        prosody.restart();
    }

    /** @see LocalProsody#kill() */
    public void kill() {
        prosody.kill();
    }

    @Override
    public void close() {
        prosody.close();
    }

    /** The server itself, for code that takes a {@link LocalProsody} (e.g. {@code XmppFederation}). */
    public LocalProsody local() {
        return prosody;
    }

    public boolean isRunning() {
        return prosody.isRunning();
    }

    public Account createAccount(String username) {
        return prosody.createAccount(username);
    }

    public Account createAccount(String username, String password) {
        return prosody.createAccount(username, password);
    }

    public XmppSettings settingsFor(Account account) {
        return prosody.settingsFor(account);
    }

    public String host() {
        return prosody.host();
    }

    public String domain() {
        return prosody.domain();
    }

    public int c2sPort() {
        return prosody.c2sPort();
    }

    public Path caCertificate() {
        return prosody.caCertificate();
    }

    public Path configFile() {
        return prosody.configFile();
    }

    public Map<String, String> environment() {
        return prosody.environment();
    }

    public String logTail(int lines) {
        return prosody.logTail(lines);
    }

    /** Same options as {@link LocalProsody.Builder}. */
    public static final class Builder {
        private final LocalProsody.Builder delegate = LocalProsody.builder();

        private Builder() {}

        public Builder deploymentConfig(Path config) {
            delegate.deploymentConfig(config);
            return this;
        }

        public Builder domain(String domain) {
            delegate.domain(domain);
            return this;
        }

        public Builder stanzaSizeLimit(int bytes) {
            delegate.stanzaSizeLimit(bytes);
            return this;
        }

        public ProsodyServer build() {
            return new ProsodyServer(delegate.build());
        }
    }
}
