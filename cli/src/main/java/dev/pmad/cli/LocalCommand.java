package dev.pmad.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.cli.xmpp.XmppFederation;
import dev.pmad.config.Env;
import dev.pmad.coordinator.CoordinatorConfig;
import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.checkpoint.RunCheckpoint;
import dev.pmad.coordinator.checkpoint.StateDirectory;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.tracking.RunDescription;
import dev.pmad.coordinator.tracking.RunTracker;
import dev.pmad.transport.xmpp.prosody.LocalProsody;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Run a coordinator and N agents in this JVM over a real XMPP server and print their metrics,"
                + " as simulate does.",
                "Starts Prosody (needs 'prosody' on PATH) on a free loopback port with a throwaway TLS certificate and"
                + " one account per party, and stops it afterwards."})
final class LocalCommand implements Callable<Integer> {
    @Mixin DataOptions data;
    @Mixin TrainingOptions training;
    @Mixin PrivacyOptions privacy;
    @Mixin AgentOptions agentOptions;
    @Mixin SamplingOptions sampling;
    @Mixin InfluenceOptions influence;
    @Mixin SecureAggregationOptions secureAggregation;
    @Mixin StateOptions state;
    @Mixin ProgressOptions progress;

    @Option(names = "--round-timeout", defaultValue = "5m", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a round waits for updates: seconds (300), 300s, 5m or PT5M (default: ${DEFAULT-VALUE}).")
    Duration roundTimeout;

    @Option(names = "--json", description = "Print one JSON object on stdout (logs stay on stderr).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        long began = System.nanoTime();
        Env env = Env.system();
        LocalProsody.missingExecutable().ifPresent(missing -> {
            throw new IllegalArgumentException(missing + " is not on PATH: pmad local runs its own Prosody; install it"
                    + " (apt-get install -y prosody), or run the same federation in memory with pmad simulate");
        });
        PreparedData prepared = PreparedData.load(data);
        var config = secureAggregation.apply(influence.apply(sampling.apply(Federation.config(prepared, training, privacy, data.seed, roundTimeout, sampling.fraction),
                prepared.agents().size())), training.strategy != null);
        Federation.checkRecordDelta(prepared, config.privacy(), "--dp-delta");
        var stateDirectory = state.directory();
        var resume = StateOptions.unfinished(stateDirectory);
        Run run;
        try (AgentLedgers ledgers = agentOptions.ledgers(config.privacy())) {
            run = overXmpp(prepared, config, roundTimeout, ledgers, env.asMap(),
                    Tracking.simulated(prepared, data, "xmpp"), stateDirectory, resume, progress.listener());
        }
        ObjectNode out = SimulateCommand.summaryJson("local", run.summary(), prepared, data.seed, began);
        SamplingOptions.describe(out, config);
        out.with("privacy").set("agents", run.agentPrivacy());
        out.put("transport", "xmpp");
        out.put("setupSeconds", run.setupSeconds());
        RunLocation.of(env.asMap(), run.summary().runId()).addTo(out);
        Output.print(out, json);
        return run.summary().outcome() == Outcome.COMPLETED ? 0 : 1;
    }

    /**
     * A finished run, the time it took to start Prosody, create the accounts and connect everyone,
     * and each agent's lifetime privacy account.
     */
    record Run(RunSummary summary, double setupSeconds, com.fasterxml.jackson.databind.JsonNode agentPrivacy) {}

    /** Starts Prosody, runs the federation over it and stops it again, whatever happens; the run is not tracked. */
    static Run overXmpp(PreparedData prepared, CoordinatorConfig config, Duration roundTimeout, AgentLedgers ledgers)
            throws InterruptedException {
        return overXmpp(prepared, config, roundTimeout, ledgers, Map.of(), null);
    }

    /**
     * As above, with the run recorded in the runs directory (and MLflow) that {@code env} names,
     * unless {@code description} is null; the tracker is closed, its files written, on return.
     */
    static Run overXmpp(PreparedData prepared, CoordinatorConfig config, Duration roundTimeout, AgentLedgers ledgers,
                        Map<String, String> env, RunDescription description) throws InterruptedException {
        return overXmpp(prepared, config, roundTimeout, ledgers, env, description, null, null, null);
    }

    /**
     * As above, checkpointing in {@code state} (null: none), resuming {@code resume} (null: a new
     * run) and telling {@code progress} (null: nobody) about the run as the coordinator sees it.
     */
    static Run overXmpp(PreparedData prepared, CoordinatorConfig config, Duration roundTimeout, AgentLedgers ledgers,
                        Map<String, String> env, RunDescription description, StateDirectory state, RunCheckpoint resume,
                        CoordinatorListener progress) throws InterruptedException {
        long began = System.nanoTime();
        int rounds = resume != null ? resume.targetRounds() : config.targetRounds();
        // A minute, and a second per agent for its TLS login (about 10 ms each on two quiet cores, more under load).
        Duration connectTimeout = Duration.ofSeconds(60).plusSeconds(prepared.agents().size());
        try (LocalProsody prosody = LocalProsody.builder().build()) {
            prosody.start();
            try (XmppFederation federation = XmppFederation.start(prosody, config, prepared.agents(), ledgers, connectTimeout,
                    state);
                 RunTracker tracker = description == null ? null : Tracking.attach(federation.coordinator().coordinator(),
                         prepared.schema(), description, env, problem -> { })) {
                if (progress != null) federation.coordinator().coordinator().addListener(progress);
                double setup = (System.nanoTime() - began) / 1e9;
                RunSummary summary = federation.run(rounds, roundTimeout.multipliedBy(2L * rounds + 2), resume);
                // The node heard of the end before the tracker did (its listener came first).
                if (tracker != null) tracker.awaitRunEnded(summary.runId(), Duration.ofSeconds(60));
                var agents = federation.agents().stream().map(n -> n.agent()).toList();
                return new Run(summary, setup, AgentPrivacyJson.agents(agents.stream().map(a -> a.privacy()).toList(),
                        agents.stream().map(a -> a.id()).toList(), ledgers));
            }
        }
    }
}
