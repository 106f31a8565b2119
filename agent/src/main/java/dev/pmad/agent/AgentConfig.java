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
 * @param ledgerThrowaway    the ledger lives in a directory made for one simulation and deleted
 *                           with it, so its writes need not be fsynced ({@code PrivacyLedger.openThrowaway})
 */
public record AgentConfig(String id, String coordinator, Duration heartbeatInterval,
                          Duration joinRetryInterval, AgentPolicy policy, Path ledger, boolean ledgerMustExist,
                          boolean ledgerThrowaway) {
    /** An agent whose ledger is kept: every write fsynced. */
    public AgentConfig(String id, String coordinator, Duration heartbeatInterval, Duration joinRetryInterval,
                       AgentPolicy policy, Path ledger, boolean ledgerMustExist) {
        this(id, coordinator, heartbeatInterval, joinRetryInterval, policy, ledger, ledgerMustExist, false);
    }

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
        if (ledgerThrowaway && ledgerMustExist) {
            throw new IllegalArgumentException("a throwaway ledger is made by its simulation; it cannot be required to exist");
        }
    }

    /** Default timing, the given policy, and a ledger that is created when missing. */
    public static AgentConfig of(String id, String coordinator, AgentPolicy policy, Path ledger) {
        return new AgentConfig(id, coordinator, Duration.ofSeconds(5), Duration.ofSeconds(5), policy, ledger, false);
    }

    /** This agent with a throwaway ledger (see {@code ledgerThrowaway}). */
    public AgentConfig withThrowawayLedger() {
        return new AgentConfig(id, coordinator, heartbeatInterval, joinRetryInterval, policy, ledger, false, true);
    }
}
