package dev.pmad.spark;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.engine.EngineProvider;
import dev.pmad.agent.engine.LocalEngine;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code USE_SPARK=true}: found by {@link EngineProvider#find} when this module is on the class
 * path. Reads {@code SPARK_MASTER} (default {@code local[*]}) and {@code SPARK_STARTUP_TIMEOUT}
 * (seconds, default 60); {@link #open} also reads DATA_PATH, TEST_DATA_PATH, TEST_FRACTION and
 * PARTITION_SEED like the Tribuo agent.
 */
public final class SparkEngineProvider implements EngineProvider {
    public static final String KIND = "spark";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public LocalEngine create(LocalData data, Map<String, String> environment) {
        return withSession(environment, lease -> SparkEngine.fromTables(lease, data));
    }

    @Override
    public LocalEngine open(Schema schema, Map<String, String> environment) {
        String path = environment.get("DATA_PATH");
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("DATA_PATH is not set: point it at this agent's data (a CSV file, or any"
                    + " path Spark reads such as a Parquet directory)");
        }
        String testPath = blankToNull(environment.get("TEST_DATA_PATH"));
        double testFraction = number(environment, "TEST_FRACTION", 0.2);
        long seed = whole(environment, "PARTITION_SEED", 42);
        var source = new SparkSource(path.trim(), testPath, testFraction, seed);
        return withSession(environment, lease -> SparkEngine.fromSource(lease, schema, source));
    }

    private static LocalEngine withSession(Map<String, String> environment, Function<SparkSessions.Lease, SparkEngine> build) {
        SparkMaster master = SparkMaster.parse(environment.get("SPARK_MASTER"));
        long timeout = whole(environment, "SPARK_STARTUP_TIMEOUT", 60);
        if (timeout < 1) throw new IllegalArgumentException("SPARK_STARTUP_TIMEOUT must be at least 1 (seconds), was " + timeout);
        SparkSessions.Lease lease = SparkSessions.acquire(master, Duration.ofSeconds(timeout));
        try {
            return build.apply(lease);
        } catch (Exception e) { // SparkException is checked, yet Spark's Scala code throws it undeclared
            lease.close();
            throw e instanceof RuntimeException r ? r : SparkErrors.unwrap("reading the data", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static double number(Map<String, String> env, String name, double fallback) {
        String v = blankToNull(env.get(name));
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a number");
        }
    }

    private static long whole(Map<String, String> env, String name, long fallback) {
        String v = blankToNull(env.get(name));
        if (v == null) return fallback;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a whole number");
        }
    }
}
