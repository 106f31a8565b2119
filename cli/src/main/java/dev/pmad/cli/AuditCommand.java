package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.audit.CanaryAudit;
import dev.pmad.agent.audit.CanaryScores;
import dev.pmad.agent.audit.LocalCanaries;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import dev.pmad.agent.data.Table;
import dev.pmad.coordinator.audit.CentralCanaries;
import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.audit.AgentCanaries;
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
                + " plant canaries whose inclusion is a fair coin, run the real DP code, guess membership from what an"
                + " adversary sees, and report the largest epsilon the guesses reject at 95%% confidence. Record mode:"
                + " gradient canaries in one agent's DP-SGD on the whole file; local and central mode: canary agents"
                + " whose updates go through the agent's release or the coordinator's noised aggregate. A lower bound:"
                + " it can refute a privacy claim, never prove one.")
final class AuditCommand implements Callable<Integer> {
    static final double CONFIDENCE = 0.95;
    /**
     * The default is every gradient-canary slot of the run, up to 2 m delta = this: an audit sees
     * about m q / 2 canaries (the IN ones sampling drew), so more is better, until Theorem 3.1's
     * delta term (2 m delta times a tail ratio) eats the significance.
     */
    static final double MAX_DEFAULT_DELTA_TERM = 0.1;
    /** Default canary agents of local and central mode: cost grows with m x rounds x model size. */
    static final int DEFAULT_AGENT_CANARIES = 2000;

    @Option(names = "--data", required = true, paramLabel = "F.csv", description = "CSV with a header row; all rows train one agent.")
    Path data;

    @Option(names = "--schema", paramLabel = "S.json", description = "Schema (features, label, classes); inferred from the CSV when absent.")
    Path schema;

    @Option(names = "--label", defaultValue = "label", paramLabel = "COL",
            description = "Label column when the schema is inferred (default: ${DEFAULT-VALUE}).")
    String label;

    @Mixin PrivacyOptions privacy;

    @Option(names = "--canaries", paramLabel = "N",
            description = "Canaries, each included with probability 1/2. Record mode: gradient canaries, at most one per"
                    + " DP-SGD step and weight column (default: one in every such slot, at most 0.05 / delta, beyond which"
                    + " delta weakens the bound). Local and central mode: canary agents (default: "
                    + DEFAULT_AGENT_CANARIES + ", at most 0.05 / delta; central mode runs ceil(N / model size) runs).")
    Integer canaries;

    @Option(names = "--view", paramLabel = "record|local|central",
            description = "What the adversary sees: record (every noised DP-SGD step of one agent), local (every update an"
                    + " agent releases) or central (the noised mean of every round). Default: the --dp-mode; with"
                    + " --dp-mode none, record. With none the same audit runs without noise (its power).")
    String view;

    @Option(names = "--rounds", defaultValue = "10", description = "Rounds the claim covers (default: ${DEFAULT-VALUE}).")
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

    /** The noise multiplier the mechanism actually uses, from the calibrated one: the identity, except in the test that breaks it. */
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
        PrivacyMode seen = view(mode);
        if (seen != PrivacyMode.RECORD) return agentLevel(began, settings, mode, seen);
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

        report(settings, mode, null, record, result, scores, began, out -> {
            out.put("rows", x.length);
            out.put("noiseMultiplier", z);
            out.put("steps", steps);
            out.put("samplingRate", PrivacyPlanner.recordSamplingRate(x.length, batch));
        });
        return 0;
    }

    /** What the adversary sees: --view, else the mode's own view (record for none). */
    private PrivacyMode view(PrivacyMode mode) {
        if (view == null) return mode == PrivacyMode.NONE ? PrivacyMode.RECORD : mode;
        PrivacyMode v = PrivacyMode.parse(view, "--view");
        if (v == PrivacyMode.NONE) throw new IllegalArgumentException("--view is record, local or central, not none");
        if (mode != PrivacyMode.NONE && v != mode) {
            throw new IllegalArgumentException("--view " + v.wireName() + " with --dp-mode " + mode.wireName()
                    + ": a DP mode is audited as its adversary sees it; drop --view, or use --dp-mode none for the power check");
        }
        return v;
    }

    /**
     * Local and central mode (or none seen as them): canary agents, each a fixed direction of norm
     * C sent as +C u (IN) or -C u (OUT, its replace-one neighbour) in each of the planned rounds,
     * through the agent's release ({@link LocalCanaries}) or the coordinator's aggregate ({@link
     * CentralCanaries}); the data fixes the model's size d, nothing else (an agent-level
     * guarantee holds whatever the agent's data, so the canary is any update of norm C).
     */
    private Integer agentLevel(long began, dev.pmad.coordinator.CoordinatorConfig.PrivacySettings settings, PrivacyMode mode,
                               PrivacyMode seen) throws Exception {
        if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
        if (settings.noise() == NoiseKind.LAPLACE) {
            throw new IllegalArgumentException("--dp-noise laplace: the audit's canaries are L2 directions; audit local mode"
                    + " with --dp-noise gaussian");
        }
        if (settings.adaptive() != null) {
            throw new IllegalArgumentException("--dp-clip adaptive: the audit uses a fixed clip norm; give --dp-clip a number");
        }
        boolean dp = mode != PrivacyMode.NONE;
        Schema s = schema != null ? Schema.read(schema) : SchemaInference.infer(List.of(data), label, true);
        int d = new ModelShape(s.classes().size(), s.encodedWidth()).size();
        long cap = (long) Math.floor(MAX_DEFAULT_DELTA_TERM / (2 * settings.delta()));
        int m = canaries != null ? canaries : (int) Math.max(1, Math.min(cap, DEFAULT_AGENT_CANARIES));
        if (m < 1) throw new IllegalArgumentException("--canaries must be at least 1, was " + m);
        // The noise a run of --rounds rounds is calibrated to, as the coordinator plans it.
        double z = dp ? PrivacyPlanner.noiseMultiplier(mode, settings.noise(), settings.epsilon(), settings.delta(), rounds,
                0, 1, 1) : 0;
        double used = dp ? noiseMultiplierUsed.applyAsDouble(z) : 0;
        // Seeded noise: an audit releases nothing, and a seed makes it reproducible.
        var random = RandomSources.seededDrbg(seed);
        CanaryScores scores;
        int runs = 1;
        if (seen == PrivacyMode.LOCAL) {
            scores = LocalCanaries.run(mode, d, settings.clipNorm(), used, rounds, m, seed, random);
        } else {
            boolean[] in = AgentCanaries.coins(m, seed);
            runs = CentralCanaries.runs(d, m);
            double[] sc = CentralCanaries.scores(mode, d, settings.clipNorm(), used, rounds, in, seed + 1, random);
            scores = new CanaryScores(sc, in, "agent", "the noised mean of each of " + rounds + " rounds, in " + runs
                    + " run(s) of at most " + d + " canary agents", AgentCanaries.guessSizes(m));
        }
        AuditResult result = OneRunAudit.audit(scores.scores(), scores.included(), scores.guessSizes(), settings.delta(),
                CONFIDENCE);

        int runsUsed = runs;
        report(settings, mode, seen, dp, result, scores, began, out -> {
            out.put("modelSize", d);
            out.put("rounds", rounds);
            out.put("runs", runsUsed);
            out.put("noiseMultiplier", z);
        });
        return 0;
    }

    /**
     * Prints the result, as JSON or text; both audits share every field but their own
     * ({@code details}, after {@code observed}). {@code view} is null where the mode is its view.
     */
    private void report(dev.pmad.coordinator.CoordinatorConfig.PrivacySettings settings, PrivacyMode mode, PrivacyMode view, boolean claimed, AuditResult result, CanaryScores scores,
                        long began, java.util.function.Consumer<ObjectNode> details) throws Exception {
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("command", "privacy audit");
        out.put("mode", mode.wireName());
        if (view != null) out.put("view", view.wireName());
        if (claimed) out.put("claimedEpsilon", settings.epsilon());
        else out.putNull("claimedEpsilon");
        out.put("delta", settings.delta());
        out.put("empiricalEpsilon", result.empiricalEpsilon());
        out.put("confidence", result.confidence());
        out.put("canaries", result.canaries());
        out.put("canaryKind", scores.kind());
        out.put("observed", scores.observation());
        details.accept(out);
        ObjectNode best = out.putObject("best");
        put(best, result.best());
        ArrayNode guesses = out.putArray("guesses");
        for (Guess g : result.guesses()) put(guesses.addObject(), g);
        out.put("wallSeconds", (System.nanoTime() - began) / 1e9);
        print(out, result, scores, mode, settings.epsilon(), settings.delta());
    }

    private void print(ObjectNode out, AuditResult result, CanaryScores scores, PrivacyMode mode, double epsilon, double delta)
            throws Exception {
        boolean dp = mode != PrivacyMode.NONE;
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
            return;
        }
        System.out.printf(Locale.ROOT, "claimed epsilon    %s at delta %.1e (%s)%n",
                dp ? String.format(Locale.ROOT, "%.4f", epsilon) : "none", delta, mode.wireName());
        System.out.printf(Locale.ROOT, "empirical epsilon  %.4f (lower bound, %.0f%% confidence)%n", result.empiricalEpsilon(),
                100 * result.confidence());
        System.out.printf(Locale.ROOT, "canaries           %d %s canaries, adversary sees %s%n", result.canaries(),
                scores.kind(), scores.observation());
        Guess g = result.best();
        System.out.printf(Locale.ROOT, "best guess         %d IN + %d OUT, %d right%n", g.in(), g.out(), g.correct());
        if (dp && result.empiricalEpsilon() > epsilon) {
            System.out.println("verdict            the claim is refuted: this run leaks more than its epsilon");
        }
    }

    private static void put(ObjectNode node, Guess g) {
        node.put("in", g.in()).put("out", g.out()).put("guesses", g.guesses()).put("correct", g.correct())
                .put("empiricalEpsilon", g.empiricalEpsilon());
    }
}
