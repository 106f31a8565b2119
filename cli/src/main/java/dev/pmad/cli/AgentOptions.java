package dev.pmad.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The simulated agents' own privacy policy: what {@code simulate}, {@code local} and {@code demo} share. */
public final class AgentOptions {
    @Option(names = "--agent-epsilon", defaultValue = "0", paramLabel = "E",
            description = "Every agent's lifetime privacy budget at --dp-delta, kept in its ledger across runs; a run"
                    + " that would exceed it is refused before any round. 0 = no lifetime cap: each run's own plan"
                    + " (--dp-epsilon) is the only limit (default: ${DEFAULT-VALUE}).")
    double agentEpsilon;

    @Option(names = "--ledger-dir", paramLabel = "DIR",
            description = "Directory of the agents' lifetime privacy ledgers, one file per agent, kept across runs and"
                    + " commands. Default: a fresh temporary directory, so that simulations stay independent.")
    Path ledgerDir;

    /** The agents' ledgers and policy for a run in {@code privacy}'s mode and delta; close it when the agents are closed. */
    AgentLedgers ledgers(dev.pmad.coordinator.CoordinatorConfig.PrivacySettings privacy) {
        if (!Double.isFinite(agentEpsilon) || agentEpsilon < 0) {
            throw new IllegalArgumentException("--agent-epsilon must be a finite number >= 0, was " + agentEpsilon);
        }
        return AgentLedgers.create(ledgerDir, privacy.mode(), agentEpsilon, privacy.delta(), "--ledger-dir");
    }
}
