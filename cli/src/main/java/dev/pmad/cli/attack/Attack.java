package dev.pmad.cli.attack;

import java.util.Locale;

/**
 * What a simulated hostile agent does ({@code simulate --attackers K --attack KIND}), to evaluate
 * defences such as robust aggregation. Simulation only: a deployed agent is whatever its owner
 * runs, and the coordinator must assume any of these.
 *
 * <ul>
 *   <li>{@code sign-flip}: sends the negated delta;</li>
 *   <li>{@code scale:F}: sends F times its delta (e.g. {@code scale:-10});</li>
 *   <li>{@code noise:S}: adds N(0, S^2) to every coordinate of its delta;</li>
 *   <li>{@code label-flip}: trains on its rows with every label moved to the next class;</li>
 *   <li>{@code inflate-count:N}: declares N training rows, so plain FedAvg weighs it by N.</li>
 * </ul>
 */
public record Attack(Kind kind, double value) {
    public enum Kind { SIGN_FLIP, SCALE, NOISE, LABEL_FLIP, INFLATE_COUNT }

    public static Attack parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        String arg = colon < 0 ? null : t.substring(colon + 1);
        switch (name) {
            case "sign-flip":
                return noArgument(Kind.SIGN_FLIP, name, arg);
            case "label-flip":
                return noArgument(Kind.LABEL_FLIP, name, arg);
            case "scale":
                return new Attack(Kind.SCALE, number(name, arg, false));
            case "noise": {
                double s = number(name, arg, false);
                if (!(s > 0)) throw new IllegalArgumentException("--attack noise:S needs S > 0, was " + arg);
                return new Attack(Kind.NOISE, s);
            }
            case "inflate-count": {
                double n = number(name, arg, true);
                if (n < 1 || n > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("--attack inflate-count:N needs a whole N from 1 to " + Integer.MAX_VALUE
                            + ", was " + arg);
                }
                return new Attack(Kind.INFLATE_COUNT, n);
            }
            default:
                throw new IllegalArgumentException("unknown --attack '" + text
                        + "': use sign-flip, scale:F, noise:S, label-flip or inflate-count:N");
        }
    }

    private static Attack noArgument(Kind kind, String name, String arg) {
        if (arg != null) throw new IllegalArgumentException("--attack " + name + " takes no value, got '" + arg + "'");
        return new Attack(kind, 0);
    }

    private static double number(String name, String arg, boolean whole) {
        if (arg == null || arg.isBlank()) {
            throw new IllegalArgumentException("--attack " + name + " needs a value, e.g. " + name + (whole ? ":1000000" : ":-10"));
        }
        try {
            double v = whole ? Long.parseLong(arg) : Double.parseDouble(arg);
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--attack " + name + ":" + arg + ": '" + arg + "' is not a "
                    + (whole ? "whole number" : "finite number"));
        }
    }

    /** The update this attacker sends instead of {@code local}, both trained from {@code start}. */
    double[] tamper(double[] start, double[] local, java.util.random.RandomGenerator random) {
        double[] out = new double[local.length];
        for (int i = 0; i < out.length; i++) {
            double delta = local[i] - start[i];
            double sent = switch (kind) {
                case SIGN_FLIP -> -delta;
                case SCALE -> value * delta;
                case NOISE -> delta + value * random.nextGaussian();
                case LABEL_FLIP, INFLATE_COUNT -> delta;
            };
            out[i] = start[i] + sent;
        }
        return out;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SIGN_FLIP -> "sign-flip";
            case LABEL_FLIP -> "label-flip";
            case SCALE -> "scale:" + value;
            case NOISE -> "noise:" + value;
            case INFLATE_COUNT -> "inflate-count:" + (long) value;
        };
    }
}
