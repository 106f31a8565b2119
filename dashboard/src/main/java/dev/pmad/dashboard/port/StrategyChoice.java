package dev.pmad.dashboard.port;

import java.util.List;
import java.util.Objects;

/**
 * An aggregation strategy a Start may ask for, with the options it takes: what the Start form
 * lists and hints at. The federation checks a request's values; the dashboard only shows these.
 */
public record StrategyChoice(String name, List<Option> options) {
    public StrategyChoice {
        Objects.requireNonNull(name, "name");
        options = List.copyOf(options);
    }

    /**
     * One option.
     *
     * @param range       the allowed values in words ({@code > 0}, {@code in [0, 1)})
     * @param description what it does
     */
    public record Option(String key, double defaultValue, String range, String description) {}
}
