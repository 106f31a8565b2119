package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.audit.CanaryAudit;
import dev.pmad.agent.audit.CanaryScores;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import dev.pmad.agent.data.Table;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.audit.AuditResult;
import dev.pmad.privacy.audit.Guess;
import dev.pmad.privacy.audit.OneRunAudit;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.DoubleUnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Empirical lower bound on epsilon by canaries in one training run (Steinke, Nasr, Jagielski 2023):"
                + " plant canaries whose inclusion is a fair coin, train one agent on the whole file with the agent's own"
                + " code, guess membership from what an adversary sees, and report the largest epsilon the guesses"
                + " reject at 95%% confidence. A lower bound: it can refute a privacy claim, never prove one.")
final class AuditCommand implements Callable<Integer> {
    static final double CONFIDENCE = 0.95;
    /**
     * The default is every gradient-canary slot of the run, up to 2 m delta = this: an audit sees
     * about m q / 2 canaries (the IN ones sampling drew), so more is better, until Theorem 3.1's
     * delta term (2 m delta times a tail ratio) eats the significance.
     */
    static final double MAX_DEFAULT_DELTA_TERM = 0.1;

    @Option(names = "--data", required = true, paramLabel = "F.csv", description = "CSV with a header row; all rows train one agent.")
    Path data;

    @Option(names = "--schema", paramLabel = "S.json", description = "Schema (features, label, classes); inferred from the CSV when absent.")
    Path schema;

    @Option(names = "--label", defaultValue = "label", paramLabel = "COL",
            description = "Label column when the schema is inferred (default: ${DEFAULT-VALUE}).")
    String label;

    @Mixin PrivacyOptions privacy;

    @Option(names = "--canaries", paramLabel = "N",
            description = "Gradient canaries, each included with probability 1/2; at most one per DP-SGD step and weight"
                    + " column (default: one in every such slot, at most 0.05 / delta, beyond which delta weakens the bound).")
    Integer canaries;

    @Option(names = "--rounds", defaultValue = "10", description = "Rounds of local training the claim covers (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--epochs", defaultValue = "1", description = "Local epochs per round (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "0.05", description = "SGD step size (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--batch-size", defaultValue = "64",
            description = "Expected Poisson batch of a DP-SGD step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the coin flips, canaries and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    /** The noise multiplier DP-SGD actually uses, from the calibrated one: the identity, except in the test that breaks it. */
    private final DoubleUnaryOperator noiseMultiplierUsed;

    AuditCommand() {
        this(z -> z);
    }

    /** With a deliberately broken mechanism, so a test can check that the audit catches it; never reached from main. */
    AuditCommand(DoubleUnaryOperator noiseMultiplierUsed) {
        this.noiseMultiplierUsed = noiseMultiplierUsed;
    }

    @Override
    public Integer call() throws Exception {
        long began = System.nanoTime();
        var settings = privacy.settings();
        PrivacyMode mode = settings.mode();
        if (mode != PrivacyMode.RECORD && mode != PrivacyMode.NONE) {
            throw new IllegalArgumentException("--dp-mode " + mode.wireName() + " protects an agent's whole dataset, not a"
                    + " record; pmad privacy audit covers --dp-mode record and none");
        }
        if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, was " + epochs);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("--learning-rate must be a positive number, was " + learningRate);
        }
        boolean record = mode == PrivacyMode.RECORD;
        int batch = batchSize;
        if (batch < 1) throw new IllegalArgumentException("--batch-size must be at least 1, was " + batch);

        Schema s = schema != null ? Schema.read(schema) : SchemaInference.infer(List.of(data), label, true);
        Table table = CsvLoader.load(data, s);
        var encoder = new FeatureEncoder(s, Standardization.combine(List.of(FeatureEncoder.stats(table))));
        double[][] x = encoder.encode(table);
        var shape = new ModelShape(s.classes().size(), s.encodedWidth());
        // A run of R rounds trains R x epochs passes; one call with that many epochs is the same DP-SGD steps.
        var params = new TrainingParams(epochs * rounds, learningRate, batch, seed);

        // The noise a record-mode run of this size would be calibrated to (one agent, one call of R x epochs).
        double z = record ? PrivacyPlanner.noiseMultiplier(PrivacyMode.RECORD, settings.noise(), settings.epsilon(),
                settings.delta(), 1, x.length, batch, params.epochs()) : 0;
        int steps = PrivacyPlanner.recordStepsPerRound(x.length, batch, params.epochs());
        long cap = (long) Math.floor(MAX_DEFAULT_DELTA_TERM / (2 * settings.delta()));
        int m = canaries != null ? canaries : (int) Math.min(Math.min(cap, CanaryAudit.slots(shape, steps)), Integer.MAX_VALUE);
        CanaryScores scores = CanaryAudit.run(mode, x, table.labels(), shape, params, settings.clipNorm(),
                noiseMultiplierUsed.applyAsDouble(z), m, seed, RandomSources.secureRandom());
        AuditResult result = OneRunAudit.audit(scores.scores(), scores.included(), scores.guessSizes(), settings.delta(),
                CONFIDENCE);

        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("command", "privacy audit");
        out.put("mode", mode.wireName());
        if (record) out.put("claimedEpsilon", settings.epsilon());
        else out.putNull("claimedEpsilon");
        out.put("delta", settings.delta());
        out.put("empiricalEpsilon", result.empiricalEpsilon());
        out.put("confidence", result.confidence());
        out.put("canaries", result.canaries());
        out.put("canaryKind", scores.kind());
        out.put("observed", scores.observation());
        out.put("rows", x.length);
        out.put("noiseMultiplier", z);
        out.put("steps", steps);
        out.put("samplingRate", PrivacyPlanner.recordSamplingRate(x.length, batch));
        ObjectNode best = out.putObject("best");
        put(best, result.best());
        ArrayNode guesses = out.putArray("guesses");
        for (Guess g : result.guesses()) put(guesses.addObject(), g);
        out.put("wallSeconds", (System.nanoTime() - began) / 1e9);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.printf(Locale.ROOT, "claimed epsilon    %s at delta %.1e (%s)%n",
                    record ? String.format(Locale.ROOT, "%.4f", settings.epsilon()) : "none", settings.delta(), mode.wireName());
            System.out.printf(Locale.ROOT, "empirical epsilon  %.4f (lower bound, %.0f%% confidence)%n", result.empiricalEpsilon(),
                    100 * result.confidence());
            System.out.printf(Locale.ROOT, "canaries           %d %s canaries, adversary sees %s%n", result.canaries(),
                    scores.kind(), scores.observation());
            Guess g = result.best();
            System.out.printf(Locale.ROOT, "best guess         %d IN + %d OUT, %d right%n", g.in(), g.out(), g.correct());
            if (record && result.empiricalEpsilon() > settings.epsilon()) {
                System.out.println("verdict            the claim is refuted: this run leaks more than its epsilon");
            }
        }
        return 0;
    }

    private static void put(ObjectNode node, Guess g) {
        node.put("in", g.in()).put("out", g.out()).put("guesses", g.guesses()).put("correct", g.correct())
                .put("empiricalEpsilon", g.empiricalEpsilon());
    }
}
