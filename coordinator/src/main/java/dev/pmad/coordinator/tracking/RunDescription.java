package dev.pmad.coordinator.tracking;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the command line knows about a federation that the coordinator does not: recorded with
 * every run as params and tags.
 *
 * @param pmadVersion     the platform's version (tag {@code pmad.version})
 * @param transport       {@code in-memory} or {@code xmpp} (tag {@code pmad.transport})
 * @param partition       how the demo data was split ({@code iid}, {@code dirichlet:0.5}); {@code null}
 *                        when each agent brings its own data
 * @param dataFingerprint SHA-256 of the data the federation was given; {@code null} when unknown
 * @param extraParams     further params (seed, data file...), logged as given
 */
public record RunDescription(String pmadVersion, String transport, String partition, String dataFingerprint,
                             Map<String, String> extraParams) {
    public RunDescription {
        Objects.requireNonNull(pmadVersion, "pmadVersion");
        Objects.requireNonNull(transport, "transport");
        extraParams = Map.copyOf(new LinkedHashMap<>(extraParams == null ? Map.of() : extraParams));
    }

    public static RunDescription of(String pmadVersion, String transport) {
        return new RunDescription(pmadVersion, transport, null, null, Map.of());
    }
}
