package dev.pmad.coordinator.aggregation;

import dev.pmad.privacy.PrivacyMode;
import dev.pmad.protocol.ModelShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry: a strategy name and its options, as text from a flag or the environment, to a
 * {@link Strategy}. Every check and every message about options lives here and in
 * {@link StrategyOption}, so the command line only passes strings through.
 *
 * <pre>
 *   Strategy s = Strategies.parse("fedadam", Map.of("eta", "0.05"));
 *   s.options();   // {eta=0.05, beta1=0.9, beta2=0.99, tau=0.001}
 * </pre>
 */
public final class Strategies {

    /** One registered strategy: how to describe it and how to build it from checked values. */
    private record Entry(String name, String summary, List<StrategyOption> options,
                         Function<Map<String, Double>, Strategy> factory) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        register(FederatedNewton.NAME, FederatedNewton.SUMMARY, FederatedNewton.OPTIONS,
                v -> new FederatedNewton(v.get("l2"), v.get("max_step")));
        register(FedAvgStrategy.NAME, FedAvgStrategy.SUMMARY, FedAvgStrategy.OPTIONS, v -> new FedAvgStrategy());
        register(FedAvgM.NAME, FedAvgM.SUMMARY, FedAvgM.OPTIONS,
                v -> new FedAvgM(v.get("server_lr"), v.get("beta")));
        register(FedAdagrad.NAME, FedAdagrad.SUMMARY, FedAdagrad.OPTIONS,
                v -> new FedAdagrad(v.get("eta"), v.get("beta1"), v.get("tau")));
        register(FedAdam.NAME, FedAdam.SUMMARY, FedAdam.OPTIONS,
                v -> new FedAdam(v.get("eta"), v.get("beta1"), v.get("beta2"), v.get("tau")));
        register(FedYogi.NAME, FedYogi.SUMMARY, FedYogi.OPTIONS,
                v -> new FedYogi(v.get("eta"), v.get("beta1"), v.get("beta2"), v.get("tau")));
        register(FedProx.NAME, FedProx.SUMMARY, FedProx.OPTIONS, v -> new FedProx(v.get("mu")));
        register(Scaffold.NAME, Scaffold.SUMMARY, Scaffold.OPTIONS, v -> new Scaffold(v.get("eta_g")));
        register(FedMedian.NAME, FedMedian.SUMMARY, FedMedian.OPTIONS, v -> new FedMedian());
        register(FedTrimmedAvg.NAME, FedTrimmedAvg.SUMMARY, FedTrimmedAvg.OPTIONS, v -> new FedTrimmedAvg(v.get("beta")));
        register(Krum.NAME, Krum.SUMMARY, Krum.OPTIONS,
                v -> new Krum(v.get("f").intValue(), v.get("k").intValue()));
    }

    private Strategies() {}

    private static void register(String name, String summary, List<StrategyOption> options,
                                 Function<Map<String, Double>, Strategy> factory) {
        ENTRIES.put(name, new Entry(name, summary, options, factory));
    }

    /** The registered names, in the order {@link #describe()} lists them. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /**
     * The strategy called {@code name} with {@code options} (key to number, as text) and defaults
     * for the rest.
     *
     * @throws IllegalArgumentException naming the known strategies, the strategy's options with
     *                                  their defaults, or the option whose value is out of range
     */
    public static Strategy parse(String name, Map<String, String> options) {
        Objects.requireNonNull(options, "options");
        Entry entry = entry(name);
        var unknown = new TreeSet<>(options.keySet());
        entry.options().forEach(o -> unknown.remove(o.key()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(entry.name() + ": unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; " + optionsLine(entry));
        }
        var values = new LinkedHashMap<String, Double>();
        for (StrategyOption o : entry.options()) {
            String text = options.get(o.key());
            values.put(o.key(), text == null ? o.defaultValue() : o.parse(entry.name(), text));
        }
        return entry.factory().apply(values);
    }

    /**
     * The strategy a run uses when none is named: federated Newton, which reaches the exact
     * optimum in a few rounds whatever the label skew, wherever it can run and is exact (no DP or
     * record mode, models of at most {@link FederatedNewton#MAX_PARAMETERS} weights, every agent
     * in every round: with client sampling each step would be the Newton step of the few rows
     * drawn, which overshoots on small draws); fedavg elsewhere.
     */
    public static Strategy defaultFor(PrivacyMode mode, ModelShape shape, double fraction) {
        Strategy newton = parse(FederatedNewton.NAME);
        boolean fits = newton.unsupported(mode) == null && FederatedNewton.unsupported(shape) == null && fraction >= 1;
        return fits ? newton : parse(FedAvgStrategy.NAME);
    }

    /** {@link #defaultFor(PrivacyMode, ModelShape, double)} with every agent in every round. */
    public static Strategy defaultFor(PrivacyMode mode, ModelShape shape) {
        return defaultFor(mode, shape, 1);
    }

    /** The name {@link #defaultFor} picks, with the reason when it is not newton (for logs and help). */
    public static String defaultReason(PrivacyMode mode, ModelShape shape) {
        String why = parse(FederatedNewton.NAME).unsupported(mode);
        if (why == null) why = FederatedNewton.unsupported(shape);
        return why == null ? FederatedNewton.NAME : FedAvgStrategy.NAME + " (" + why + ")";
    }

    /** {@code name} with its defaults. */
    public static Strategy parse(String name) {
        return parse(name, Map.of());
    }

    /** The options {@code name} accepts, in declaration order. */
    public static List<StrategyOption> options(String name) {
        return entry(name).options();
    }

    /** One strategy for --help: its name, what it does, and each option with default and range. */
    public static String describe(String name) {
        Entry entry = entry(name);
        var lines = new ArrayList<String>();
        lines.add(entry.name() + ": " + entry.summary());
        for (StrategyOption o : entry.options()) {
            lines.add("    " + o.key() + "=" + StrategyOption.format(o.defaultValue()) + "  " + o.description()
                    + " (" + o.range() + ")");
        }
        return String.join("\n", lines);
    }

    /** Every strategy, as {@link #describe(String)}, one after another (for --help and the README). */
    public static String describe() {
        return ENTRIES.keySet().stream().map(Strategies::describe).collect(Collectors.joining("\n"));
    }

    private static Entry entry(String name) {
        Entry entry = name == null ? null : ENTRIES.get(name.strip().toLowerCase(Locale.ROOT));
        if (entry == null) {
            throw new IllegalArgumentException("unknown strategy '" + name + "'; known: " + String.join(", ", names()));
        }
        return entry;
    }

    private static String optionsLine(Entry entry) {
        if (entry.options().isEmpty()) return entry.name() + " takes no options";
        return entry.name() + " takes " + entry.options().stream()
                .map(o -> o.key() + " (default " + StrategyOption.format(o.defaultValue()) + ", " + o.range() + ")")
                .collect(Collectors.joining(", "));
    }
}
