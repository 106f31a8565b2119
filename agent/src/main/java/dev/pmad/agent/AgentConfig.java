package dev.pmad.agent;

import dev.pmad.agent.privacy.AgentPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one agent.
 *
 * @param id                 this agent's address on the transport (its JID over XMPP)
 * @param coordinator        the coordinator's address
 * @param heartbeatInterval  how often to send a heartbeat
 * @param joinRetryInterval  how often to re-send JOIN while not acknowledged
 * @param policy             what the data owner allows: modes, lifetime budget, delta, caps
 * @param ledger             the lifetime privacy ledger file of this agent's dataset
 * @param ledgerMustExist    refuse to start when {@code ledger} is missing instead of creating
 *                           an empty one (an operator who named the file expects it to be there)
 */
public record AgentConfig(String id, String coordinator, Duration heartbeatInterval,
                          Duration joinRetryInterval, AgentPolicy policy, Path ledger, boolean ledgerMustExist) {
    public AgentConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(ledger, "ledger");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive (HEARTBEAT_INTERVAL)");
        }
        if (joinRetryInterval.isNegative() || joinRetryInterval.isZero()) {
            throw new IllegalArgumentException("join retry interval must be positive");
        }
    }

    /** Default timing, the given policy, and a ledger that is created when missing. */
    public static AgentConfig of(String id, String coordinator, AgentPolicy policy, Path ledger) {
        return new AgentConfig(id, coordinator, Duration.ofSeconds(5), Duration.ofSeconds(5), policy, ledger, false);
    }
}
