package dev.pmad.cli;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.engine.EngineProvider;
import dev.pmad.agent.engine.InMemoryEngine;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.config.Env;
import java.util.HashMap;
import java.util.Map;

/**
 * Which engine an agent trains on. Tribuo in this JVM by default; Spark when asked
 * ({@code USE_SPARK=true}, {@code simulate --spark-agents K}), found on the class path only then,
 * so a default agent neither loads nor ships Spark.
 */
final class AgentEngines {
    static final String SPARK = "spark";
    /** Simulations share two cores between all agents: Spark gets two threads unless SPARK_MASTER says otherwise. */
    static final String SIMULATION_MASTER = "local[2]";

    private AgentEngines() {}

    static LocalEngine tribuo(LocalData data) {
        return new InMemoryEngine(data, TrainerFactory.tribuo());
    }

    /** A Spark engine over rows already loaded (simulation, or PARTITION of a shared CSV). */
    static LocalEngine spark(LocalData data, Map<String, String> environment) {
        return sparkProvider().create(data, environment);
    }

    /** A Spark engine that reads DATA_PATH itself, so the rows never pass through this JVM's heap. */
    static LocalEngine spark(Schema schema, Map<String, String> environment) {
        return sparkProvider().open(schema, environment);
    }

    /** The environment of simulated Spark agents: SPARK_MASTER defaults to local[2]. */
    static Map<String, String> simulation(Map<String, String> environment) {
        Env env = new Env(environment);
        var simulated = new HashMap<>(environment);
        if (env.string("SPARK_MASTER", null) == null) simulated.put("SPARK_MASTER", SIMULATION_MASTER);
        return simulated;
    }

    private static EngineProvider sparkProvider() {
        return EngineProvider.find(SPARK).orElseThrow(() -> new IllegalArgumentException(
                "the Spark engine is not on the class path: run pmad through bin/pmad after a full build"
                        + " (./mvnw -q -DskipTests package), which adds spark-agent/target/lib when USE_SPARK=true or"
                        + " --spark-agents is given"));
    }
}
