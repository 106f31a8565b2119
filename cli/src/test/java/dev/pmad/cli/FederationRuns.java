package dev.pmad.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pmad.coordinator.run.RunSummary;
import picocli.CommandLine;

/**
 * The way in for tests in other packages ({@code dev.pmad.cli.xmpp}): runs {@code pmad}
 * command lines, and the federations of {@code simulate} and {@code local} from their options,
 * returning the summaries (final weights included) that the printed JSON leaves out.
 */
public final class FederationRuns {
    // Tribuo logs every training call at INFO through java.util.logging; Pmad.run quiets it, as here.
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private FederationRuns() {}

    /** What {@code pmad ARGS} printed and returned. */
    public record Result(int exitCode, String out, String err) {
        public JsonNode json() {
            return new CliRunner.Result(exitCode, out, err).json();
        }
    }

    public static Result pmad(String... args) {
        CliRunner.Result r = CliRunner.run(args);
        return new Result(r.exitCode(), r.out(), r.err());
    }

    /** The federation {@code pmad simulate ARGS} runs: in memory, through {@link Federation}. */
    public static RunSummary inMemory(String... args) throws InterruptedException {
        SimulateCommand options = CommandLine.populateCommand(new SimulateCommand(), args);
        PreparedData prepared = PreparedData.load(options.data);
        var config = Federation.config(prepared, options.training, options.privacy, options.data.seed, options.roundTimeout);
        try (Federation federation = new Federation(prepared, config)) {
            federation.start();
            return federation.run(config.targetRounds(), options.roundTimeout.multipliedBy(2L * config.targetRounds() + 2));
        }
    }

    /** The federation {@code pmad local ARGS} runs: over a Prosody started for it. */
    public static RunSummary overXmpp(String... args) throws InterruptedException {
        LocalCommand options = CommandLine.populateCommand(new LocalCommand(), args);
        PreparedData prepared = PreparedData.load(options.data);
        var config = Federation.config(prepared, options.training, options.privacy, options.data.seed, options.roundTimeout);
        try (AgentLedgers ledgers = AgentLedgers.temporary(config.privacy().mode())) {
            return LocalCommand.overXmpp(prepared, config, options.roundTimeout, ledgers).summary();
        }
    }

    /** The breast-cancer file of the repository's {@code data/} directory. */
    public static String breastCancer() {
        return CliRunner.breastCancer();
    }

    /** Its shared schema. */
    public static String breastCancerSchema() {
        return CliRunner.repoRoot().resolve("data/breast_cancer_wisconsin.schema.json").toString();
    }
}
