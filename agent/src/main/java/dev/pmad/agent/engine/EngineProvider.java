package dev.pmad.agent.engine;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.Schema;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * An engine that lives in its own module, found with {@link ServiceLoader} so that the default
 * agent neither depends on nor loads it (the Spark engine brings some 300 jars).
 */
public interface EngineProvider {

    /** The engine's kind, as in {@link LocalEngine#kind()}. */
    String kind();

    /** An engine over rows already loaded (a simulation, or a demo CSV split by PARTITION). */
    LocalEngine create(LocalData data, Map<String, String> environment);

    /** An engine that reads its own data as the environment says (DATA_PATH and friends). */
    LocalEngine open(Schema schema, Map<String, String> environment);

    /** The provider of {@code kind} on the class path, if any. */
    static Optional<EngineProvider> find(String kind) {
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            if (p.kind().equals(kind)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
