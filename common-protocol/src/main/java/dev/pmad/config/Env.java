package dev.pmad.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reads of environment variables, for every module. Every problem is an
 * {@link IllegalArgumentException} whose message names the variable and says what it expects;
 * the CLI prints it as one line and exits 2. Built over any map, so that in-process tests and
 * benchmarks build services from the same variables as {@code pmad coordinator} and
 * {@code pmad agent}; {@link #system()} is the process's own environment, and the only place
 * that reads it.
 */
public final class Env {
    private final Map<String, String> env;

    public Env(Map<String, String> env) {
        this.env = env;
    }

    /** This process's environment variables. */
    public static Env system() {
        return new Env(System.getenv());
    }

    public Map<String, String> asMap() {
        return env;
    }

    public String string(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public String required(String name, String hint) {
        String v = string(name, null);
        if (v == null) throw new IllegalArgumentException(name + " is not set: " + hint);
        return v;
    }

    public int integer(String name, int fallback, int min, int max) {
        String v = string(name, null);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new IllegalArgumentException(name + "=" + v + " must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a whole number");
        }
    }

    public long longValue(String name, long fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a whole number");
        }
    }

    public double number(String name, double fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw new IllegalArgumentException(name + "=" + v + " must be a finite number");
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a number");
        }
    }

    /**
     * One of {@code choices} (compared ignoring case, returned as listed there), so that a
     * misspelt value is an error instead of silently meaning something else.
     */
    public String oneOf(String name, String fallback, List<String> choices) {
        String v = string(name, null);
        if (v == null) return fallback;
        for (String choice : choices) {
            if (choice.equalsIgnoreCase(v)) return choice;
        }
        throw new IllegalArgumentException(name + "=" + v + " must be one of " + String.join(", ", choices));
    }

    public boolean bool(String name, boolean fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + "=" + v + " must be true or false");
        };
    }

    /** Seconds ({@code 300}), with a unit ({@code 300s}, {@code 5m}, {@code 2h}) or ISO-8601 ({@code PT5M}). */
    public Duration duration(String name, Duration fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        return parseDuration(name, v);
    }

    /**
     * The duration syntax of every variable and flag: seconds ({@code 300}), {@code 300s},
     * {@code 500ms}, {@code 5m}, {@code 2h}, or ISO-8601 ({@code PT5M}); {@code name} is the
     * variable or option named in the error.
     */
    public static Duration parseDuration(String name, String v) {
        String t = v.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.startsWith("pt")) d = Duration.parse(t.toUpperCase(Locale.ROOT));
            else if (t.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            else if (t.endsWith("s")) d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            else if (t.endsWith("m")) d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            else if (t.endsWith("h")) d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            else d = Duration.ofSeconds(Long.parseLong(t));
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + "=" + v + " must be a positive duration");
            return d;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a duration: use seconds (300), 300s, 5m or PT5M");
        }
    }

    public Path file(String name, String hint) {
        Path p = Path.of(required(name, hint));
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException(name + "=" + p + " is not a readable file");
        }
        return p;
    }
}
