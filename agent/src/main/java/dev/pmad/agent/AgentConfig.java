package dev.pmad.agent;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one agent.
 *
 * @param id                 this agent's address on the transport (its JID over XMPP)
 * @param coordinator        the coordinator's address
 * @param heartbeatInterval  how often to send a heartbeat
 * @param joinRetryInterval  how often to re-send JOIN while not acknowledged
 * @param epsilonCap         the agent's own privacy budget for one run; it refuses rounds that
 *                           would exceed it whatever the coordinator asks (0 = accept the
 *                           coordinator's budget, still accounted and enforced)
 * @param clipNormCap        the largest clip norm (sensitivity) the agent accepts; a round asking
 *                           for more is refused (0 = accept the coordinator's)
 */
public record AgentConfig(String id, String coordinator, Duration heartbeatInterval,
                          Duration joinRetryInterval, double epsilonCap, double clipNormCap) {
    public AgentConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(coordinator, "coordinator");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive (HEARTBEAT_INTERVAL)");
        }
        if (joinRetryInterval.isNegative() || joinRetryInterval.isZero()) {
            throw new IllegalArgumentException("join retry interval must be positive");
        }
        if (!(epsilonCap >= 0) || !Double.isFinite(epsilonCap)) {
            throw new IllegalArgumentException("DP_EPSILON must be a finite number >= 0, was " + epsilonCap);
        }
        if (!(clipNormCap >= 0) || !Double.isFinite(clipNormCap)) {
            throw new IllegalArgumentException("DP_CLIP_NORM must be a finite number >= 0, was " + clipNormCap);
        }
    }

    /** Without a clip-norm cap. */
    public AgentConfig(String id, String coordinator, Duration heartbeatInterval, Duration joinRetryInterval,
                       double epsilonCap) {
        this(id, coordinator, heartbeatInterval, joinRetryInterval, epsilonCap, 0);
    }

    public static AgentConfig defaults(String id, String coordinator) {
        return new AgentConfig(id, coordinator, Duration.ofSeconds(5), Duration.ofSeconds(5), 0);
    }
}
