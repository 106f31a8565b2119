package dev.pmad.spark;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.engine.EngineProvider;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.config.Env;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code USE_SPARK=true}: found by {@link EngineProvider#find} when this module is on the class
 * path. Reads {@code SPARK_MASTER} (default {@code local[*]}) and {@code SPARK_STARTUP_TIMEOUT}
 * (a duration, default 60 seconds); {@link #open} also reads DATA_PATH, TEST_DATA_PATH, TEST_FRACTION and
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
        Env env = new Env(environment);
        String path = env.required("DATA_PATH", "point it at this agent's data (a CSV file, or any path Spark reads such as"
                + " a Parquet directory)");
        String testPath = env.string("TEST_DATA_PATH", null);
        double testFraction = env.number("TEST_FRACTION", 0.2);
        long seed = env.longValue("PARTITION_SEED", 42);
        var source = new SparkSource(path, testPath, testFraction, seed);
        return withSession(environment, lease -> SparkEngine.fromSource(lease, schema, source));
    }

    private static LocalEngine withSession(Map<String, String> environment, Function<SparkSessions.Lease, SparkEngine> build) {
        Env env = new Env(environment);
        SparkMaster master = SparkMaster.parse(env.string("SPARK_MASTER", null));
        // Plain seconds as before, or any duration the other variables take (90s, 2m, PT2M).
        Duration timeout = env.duration("SPARK_STARTUP_TIMEOUT", Duration.ofSeconds(60));
        SparkSessions.Lease lease = SparkSessions.acquire(master, timeout);
        try {
            return build.apply(lease);
        } catch (Exception e) { // SparkException is checked, yet Spark's Scala code throws it undeclared
            lease.close();
            throw e instanceof RuntimeException r ? r : SparkErrors.unwrap("reading the data", e);
        }
    }
}
