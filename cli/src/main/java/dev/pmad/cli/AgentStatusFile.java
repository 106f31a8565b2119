package dev.pmad.cli;

import dev.pmad.agent.AgentState;
import dev.pmad.config.Env;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of {@code pmad agent}'s agent, rewritten every few seconds into one small file
 * (AGENT_STATUS_FILE) for the container's health check: docker/pmad-healthcheck.sh calls an agent
 * healthy only while the file is fresh and names a joined state (READY, TRAINING, EVALUATING),
 * so an agent that was refused or never joined shows as unhealthy, and so does a hung JVM (the
 * file stops changing). A file rather than a port: the check then needs no JVM and no network.
 *
 * <p>Written to a sibling and moved into place, so the check never reads half a file.
 */
final class AgentStatusFile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentStatusFile.class);
    static final Duration EVERY = Duration.ofSeconds(5);

    private final Path file;
    private final Supplier<AgentState> state;
    private final ScheduledExecutorService timer;
    private volatile boolean warned;

    private AgentStatusFile(Path file, Supplier<AgentState> state) {
        this.file = file.toAbsolutePath();
        this.state = state;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-status-file");
            t.setDaemon(true);
            return t;
        });
    }

    /** AGENT_STATUS_FILE, by default {@code pmad-agent-status} in the system's temporary directory. */
    static Path location(Env env) {
        String configured = env.string("AGENT_STATUS_FILE", null);
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"), "pmad-agent-status");
    }

    /** Writes the state now and then every {@code every}, until closed. */
    static AgentStatusFile start(Path file, Supplier<AgentState> state, Duration every) {
        var status = new AgentStatusFile(file, state);
        status.timer.scheduleAtFixedRate(status::write, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return status;
    }

    Path file() {
        return file;
    }

    private void write() {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, state.get().name() + "\n", StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // The agent works on without it; only its health check goes unhealthy. Say so once.
            if (!warned) {
                warned = true;
                log.warn("agent: cannot write its status to {} ({}); the container's health check will report it"
                        + " unhealthy: set AGENT_STATUS_FILE to a writable path", file, e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
