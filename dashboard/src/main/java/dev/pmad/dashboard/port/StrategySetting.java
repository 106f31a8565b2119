package dev.pmad.dashboard.port;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A strategy with its effective options (defaults included, in the strategy's order): the one a
 * federation is configured with, or the one a run uses.
 */
public record StrategySetting(String name, Map<String, Double> options) {
    public StrategySetting {
        Objects.requireNonNull(name, "name");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
