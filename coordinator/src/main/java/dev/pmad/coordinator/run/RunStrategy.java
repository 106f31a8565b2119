package dev.pmad.coordinator.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The aggregation strategy one run uses, as it is shown and recorded: its name and every
 * effective option, defaults included, in the strategy's declaration order.
 *
 * @param name    the registry name ({@code fedavg}, {@code newton}...), or {@code dp-fedavg} for
 *                central DP's noised average
 * @param options option key to value, e.g. {@code eta=0.1}; empty for strategies without options
 */
public record RunStrategy(String name, Map<String, Double> options) {
    public RunStrategy {
        Objects.requireNonNull(name, "name");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
