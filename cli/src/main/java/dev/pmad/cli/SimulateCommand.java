package dev.pmad.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.Agent;
import dev.pmad.cli.attack.Attack;
import dev.pmad.config.Env;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.run.SummaryJson;
import dev.pmad.coordinator.tracking.RunTracker;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a whole federation in this JVM over the in-memory transport and print its metrics.")
final class SimulateCommand implements Callable<Integer> {
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

    @Option(names = "--spark-agents", defaultValue = "0", paramLabel = "K",
            description = "Make the last K agents Spark agents (SPARK_MASTER, default local[2]); the rest train with"
                    + " Tribuo (default: ${DEFAULT-VALUE}).")
    int sparkAgents;

    @Option(names = "--attackers", defaultValue = "0", paramLabel = "K",
            description = "Make the last K agents hostile, to evaluate a strategy's robustness (default: ${DEFAULT-VALUE}).")
    int attackers;

    @Option(names = "--attack", paramLabel = "KIND",
            description = "What the hostile agents do: sign-flip, scale:F, noise:S, label-flip or inflate-count:N.")
    String attack;

    @Override
    public Integer call() throws Exception {
        long began = System.nanoTime();
        Env env = Env.system();
        PreparedData prepared = PreparedData.load(data);
        var config = secureAggregation.apply(influence.apply(sampling.apply(Federation.config(prepared, training, privacy, data.seed, roundTimeout, sampling.fraction),
                prepared.agents().size())), training.strategy != null);
        if (attackers < 0 || attackers >= prepared.agents().size()) {
            throw new IllegalArgumentException("--attackers must be between 0 and --agents - 1 (" + (prepared.agents().size() - 1)
                    + "), was " + attackers);
        }
        if (attackers > 0 && attack == null) throw new IllegalArgumentException("--attackers " + attackers + " needs --attack KIND");
        if (attackers == 0 && attack != null) throw new IllegalArgumentException("--attack needs --attackers K (K >= 1)");
        Attack hostile = attack == null ? null : Attack.parse(attack);
        Federation.checkRecordDelta(prepared, config.privacy(), "--dp-delta");
        var stateDirectory = state.directory();
        var resume = StateOptions.unfinished(stateDirectory);
        RunSummary summary;
        ObjectNode out;
        // The tracker records the run in RUNS_DIR (and MLflow when MLFLOW_TRACKING_URI is set);
        // failures there are logged and never harm the run.
        try (AgentLedgers ledgers = agentOptions.ledgers(config.privacy());
             Federation federation = new Federation(prepared, config, sparkAgents, env.asMap(), ledgers, attackers,
                     hostile);
             RunTracker tracker = Tracking.attach(federation.coordinator(), prepared.schema(),
                     Tracking.simulated(prepared, data), env.asMap(), problem -> { })) {
            if (stateDirectory != null) federation.coordinator().useStateDirectory(stateDirectory);
            var progressLine = progress.listener();
            if (progressLine != null) federation.coordinator().addListener(progressLine);
            federation.start();
            int rounds = resume != null ? resume.targetRounds() : training.rounds;
            summary = federation.run(rounds, roundTimeout.multipliedBy(2L * rounds + 2), resume);
            out = summaryJson("simulate", summary, prepared, data.seed, began);
            SamplingOptions.describe(out, config);
            if (hostile != null) {
                out.putObject("attack").put("attackers", attackers).put("kind", hostile.toString());
            }
            AgentPrivacyJson.add(out, federation.agents().stream().map(Agent::privacy).toList(),
                    federation.agents().stream().map(Agent::id).toList(), ledgers);
        }
        // The tracker is closed: the run's files are on disk, or never will be.
        RunLocation.of(env.asMap(), summary.runId()).addTo(out);
        Output.print(out, json);
        return summary.outcome() == dev.pmad.coordinator.run.Outcome.COMPLETED ? 0 : 1;
    }

    /** What {@code simulate} and {@code local} print: the run summary and how the run was set up. */
    static ObjectNode summaryJson(String command, RunSummary summary, PreparedData prepared, long seed, long beganNanos) {
        ObjectNode out = SummaryJson.toJson(summary);
        out.put("command", command);
        out.put("partition", prepared.partition().toString());
        out.put("seed", seed);
        out.put("wallSeconds", (System.nanoTime() - beganNanos) / 1e9);
        return out;
    }
}
