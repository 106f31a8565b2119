package dev.pmad.coordinator.aggregation;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One numeric hyperparameter of a strategy: its key, default, allowed range and meaning. Every
 * strategy declares its options once, and both {@link Strategies#parse} and the strategy's own
 * constructor check values against that declaration, so the two cannot disagree.
 *
 * @param key          the name used in {@code Strategies.parse} and in MLflow params
 * @param defaultValue the value when none is given
 * @param min          the lower bound
 * @param minOpen      whether {@code min} itself is excluded
 * @param max          the upper bound ({@code +Infinity} for none)
 * @param maxOpen      whether {@code max} itself is excluded
 * @param integer      whether only whole numbers are accepted
 * @param description  what it does, for --help
 */
public record StrategyOption(String key, double defaultValue, double min, boolean minOpen, double max,
                             boolean maxOpen, boolean integer, String description) {

    public StrategyOption {
        if (!accepts(defaultValue, min, minOpen, max, maxOpen, integer)) {
            throw new IllegalArgumentException(key + ": default " + defaultValue + " is outside its own range");
        }
    }

    /** A real number greater than 0. */
    static StrategyOption positive(String key, double defaultValue, String description) {
        return new StrategyOption(key, defaultValue, 0, true, Double.POSITIVE_INFINITY, true, false, description);
    }

    /** A real number in [0, max). */
    static StrategyOption fraction(String key, double defaultValue, double max, String description) {
        return new StrategyOption(key, defaultValue, 0, false, max, true, false, description);
    }

    /** A whole number at least {@code min}. */
    static StrategyOption count(String key, int defaultValue, int min, String description) {
        return new StrategyOption(key, defaultValue, min, false, Double.POSITIVE_INFINITY, true, true, description);
    }

    /** The allowed values in words: "> 0", "in [0, 1)", "an integer >= 1". */
    public String range() {
        String bounds = max == Double.POSITIVE_INFINITY
                ? (minOpen ? "> " : ">= ") + format(min)
                : "in " + (minOpen ? "(" : "[") + format(min) + ", " + format(max) + (maxOpen ? ")" : "]");
        return integer ? "an integer " + bounds : bounds;
    }

    /** {@code value} if it is in range; otherwise a message naming the strategy, option and range. */
    double check(String strategy, double value) {
        if (!accepts(value, min, minOpen, max, maxOpen, integer)) {
            throw new IllegalArgumentException(strategy + ": " + key + " must be " + range() + ", was " + format(value));
        }
        return value;
    }

    /** Parses and checks a value given as text (a flag, an environment variable). */
    double parse(String strategy, String text) {
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(strategy + ": " + key + " must be a number " + range() + ", was '" + text + "'");
        }
        return check(strategy, value);
    }

    /** Options and values, zipped in declaration order, for {@link Strategy#options()}. */
    static Map<String, Double> values(List<StrategyOption> options, double... values) {
        if (options.size() != values.length) throw new IllegalArgumentException("one value per option");
        var map = new LinkedHashMap<String, Double>();
        for (int i = 0; i < values.length; i++) map.put(options.get(i).key(), values[i]);
        return Collections.unmodifiableMap(map);
    }

    /** Short and exact: 1 not 1.0, 0.001 not 1.0E-3, 1e-9 not 0.000000001. */
    static String format(double value) {
        if (!Double.isFinite(value)) return Double.toString(value);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        return BigDecimal.valueOf(value).stripTrailingZeros().toString().toLowerCase(Locale.ROOT);
    }

    private static boolean accepts(double value, double min, boolean minOpen, double max, boolean maxOpen,
                                   boolean integer) {
        // Written so that NaN fails every comparison and is refused.
        boolean aboveMin = minOpen ? value > min : value >= min;
        boolean belowMax = maxOpen ? value < max : value <= max;
        return aboveMin && belowMax && Double.isFinite(value) && (!integer || value == Math.rint(value));
    }
}
