package dev.pmad.dashboard;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dashboard is served. The dashboard reads no environment variable itself: the command
 * line builds this from DASHBOARD_HOST, DASHBOARD_PORT and DASHBOARD_TOKEN, as it reads every
 * other variable.
 *
 * @param host          interface to bind (DASHBOARD_HOST); 0.0.0.0 for all, as a container needs
 * @param port          TCP port (DASHBOARD_PORT); 0 picks a free one (tests)
 * @param token         control token (DASHBOARD_TOKEN); null or blank makes a random one, logged once
 * @param maxStreams    open event streams allowed at once; each holds one thread while open
 * @param streamQueue   events one stream may fall behind before it is closed (its browser reconnects)
 * @param keepAlive     silence after which a stream gets a comment, to find dead connections
 * @param agentsRefresh how often open pages get the agents board again (heartbeat ages move on
 *                      without any event)
 */
public record DashboardConfig(String host, int port, String token, int maxStreams, int streamQueue,
                              Duration keepAlive, Duration agentsRefresh) {
    public static final int DEFAULT_PORT = 8081;

    public DashboardConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("DASHBOARD_PORT must be 0 to 65535, was " + port);
        if (maxStreams < 1) throw new IllegalArgumentException("maxStreams must be at least 1, was " + maxStreams);
        if (streamQueue < 1) throw new IllegalArgumentException("streamQueue must be at least 1, was " + streamQueue);
        positive(keepAlive, "keepAlive");
        positive(agentsRefresh, "agentsRefresh");
    }

    /** Defaults: all interfaces, port 8081, a generated token. */
    public static DashboardConfig defaults() {
        return new DashboardConfig("0.0.0.0", DEFAULT_PORT, null, 256, 512, Duration.ofSeconds(15), Duration.ofSeconds(2));
    }

    public DashboardConfig withHost(String newHost) {
        return new DashboardConfig(newHost, port, token, maxStreams, streamQueue, keepAlive, agentsRefresh);
    }

    public DashboardConfig withPort(int newPort) {
        return new DashboardConfig(host, newPort, token, maxStreams, streamQueue, keepAlive, agentsRefresh);
    }

    public DashboardConfig withToken(String newToken) {
        return new DashboardConfig(host, port, newToken, maxStreams, streamQueue, keepAlive, agentsRefresh);
    }

    public DashboardConfig withStreams(int newMaxStreams, int newStreamQueue, Duration newKeepAlive) {
        return new DashboardConfig(host, port, token, newMaxStreams, newStreamQueue, newKeepAlive, agentsRefresh);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
    }

    @Override
    public String toString() {
        // Never print the token by accident.
        return "DashboardConfig[host=" + host + ", port=" + port + ", token=" + (token == null || token.isBlank() ? "generated" : "set")
                + ", maxStreams=" + maxStreams + ", streamQueue=" + streamQueue + ", keepAlive=" + keepAlive
                + ", agentsRefresh=" + agentsRefresh + "]";
    }
}
