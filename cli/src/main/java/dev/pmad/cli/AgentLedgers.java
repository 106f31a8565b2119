package dev.pmad.cli;

import dev.pmad.agent.AgentConfig;
import dev.pmad.agent.privacy.AgentPolicy;
import dev.pmad.privacy.PrivacyMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the agents of one in-JVM federation keep their lifetime privacy ledgers, and the policy
 * they enforce. A given directory is the caller's and kept; without one, a temporary directory
 * is made for this federation and deleted with it, so that simulations stay independent.
 */
public final class AgentLedgers implements AutoCloseable {
    private final Path dir;
    private final boolean temporary;
    private final AgentPolicy policy;

    private AgentLedgers(Path dir, boolean temporary, AgentPolicy policy) {
        this.dir = dir;
        this.temporary = temporary;
        this.policy = policy;
    }

    /**
     * @param dir            the ledger directory, or null for a fresh temporary one
     * @param mode           the run's privacy mode, the one mode the agents accept
     * @param lifetimeEpsilon every agent's lifetime budget; 0 for none
     * @param delta          the agents' delta
     * @param option         the option or variable that named {@code dir}, for messages
     */
    public static AgentLedgers create(Path dir, PrivacyMode mode, double lifetimeEpsilon, double delta, String option) {
        AgentPolicy policy = AgentPolicy.simulation(mode, lifetimeEpsilon, delta);
        try {
            if (dir == null) return new AgentLedgers(Files.createTempDirectory("pmad-ledgers-"), true, policy);
            Files.createDirectories(dir);
            return new AgentLedgers(dir, false, policy);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + "=" + dir + ": cannot create the ledger directory: " + e.getMessage());
        }
    }

    /** Unbounded lifetime, a temporary directory: for tests and benchmarks that do not study budgets. */
    public static AgentLedgers temporary(PrivacyMode mode) {
        return create(null, mode, 0, 1e-5, "ledger directory");
    }

    public Path dir() {
        return dir;
    }

    public AgentPolicy policy() {
        return policy;
    }

    /** The ledger file of the agent named {@code id} (its JID's local part over XMPP). */
    public Path fileFor(String id) {
        int at = id.indexOf('@');
        return dir.resolve((at < 0 ? id : id.substring(0, at)) + ".ledger.json");
    }

    /** A temporary directory is deleted with this federation: no later run reads its ledgers, so they skip fsync. */
    public AgentConfig config(String id, String coordinator) {
        AgentConfig config = AgentConfig.of(id, coordinator, policy, fileFor(id));
        return temporary ? config.withThrowawayLedger() : config;
    }

    public AgentConfig config(String id, String coordinator, Duration heartbeat, Duration joinRetry) {
        return new AgentConfig(id, coordinator, heartbeat, joinRetry, policy, fileFor(id), false, temporary);
    }

    @Override
    public void close() {
        if (!temporary) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
