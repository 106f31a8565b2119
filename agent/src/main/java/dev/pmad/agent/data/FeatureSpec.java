package dev.pmad.agent.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One input column of the schema: numeric, or categorical with the exact list of its categories.
 * The order of {@code categories} fixes the order of the one-hot columns on every party.
 *
 * <p>A numeric feature may declare its public range {@code [min, max]}: values outside it are
 * clamped to it when read, so that one record's influence on anything computed from the column
 * is bounded. Agents that release only noised statistics need it (their noise is scaled to it);
 * the range must be public knowledge (e.g. "age 0 to 120"), not the minimum and maximum of
 * anyone's private data.
 *
 * <p>It may also declare a public {@code mean} and {@code std} to standardise it with: agents that
 * release only noised statistics then release none for it (with many features and few rows per
 * agent, noised statistics are too coarse to standardise with, and a declared scale costs no
 * privacy). Like the range, they must come from public knowledge or public reference data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(String name, String type, List<String> categories, Double min, Double max,
                          Double mean, Double std) implements java.io.Serializable {
    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";

    public FeatureSpec {
        Objects.requireNonNull(name, "feature name");
        if (NUMERIC.equals(type)) {
            if (categories != null && !categories.isEmpty()) {
                throw new DataException("schema: numeric feature '" + name + "' must not list categories");
            }
            categories = null;
            if ((min == null) != (max == null)) {
                throw new DataException("schema: numeric feature '" + name + "' gives only one of 'min' and 'max'; give both or neither");
            }
            if (min != null && !(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
                throw new DataException("schema: numeric feature '" + name + "' needs finite 'min' < 'max', has min " + min
                        + " and max " + max);
            }
            if ((mean == null) != (std == null)) {
                throw new DataException("schema: numeric feature '" + name + "' gives only one of 'mean' and 'std'; give both or neither");
            }
            if (mean != null && !(Double.isFinite(mean) && Double.isFinite(std) && std > 0)) {
                throw new DataException("schema: numeric feature '" + name + "' needs a finite 'mean' and a finite 'std' > 0, has mean "
                        + mean + " and std " + std);
            }
        } else if (CATEGORICAL.equals(type)) {
            if (min != null || max != null || mean != null || std != null) {
                throw new DataException("schema: categorical feature '" + name + "' must not give 'min', 'max', 'mean' or 'std'");
            }
            if (categories == null || categories.isEmpty()) {
                throw new DataException("schema: categorical feature '" + name + "' needs a non-empty 'categories' list");
            }
            if (categories.stream().distinct().count() != categories.size()) {
                throw new DataException("schema: categorical feature '" + name + "' lists a category twice");
            }
            categories = List.copyOf(categories);
        } else {
            throw new DataException("schema: feature '" + name + "' has type '" + type
                    + "'; use 'numeric' or 'categorical'");
        }
    }

    /** Without a declared range or scale. */
    public FeatureSpec(String name, String type, List<String> categories) {
        this(name, type, categories, null, null, null, null);
    }

    public static FeatureSpec numeric(String name) {
        return new FeatureSpec(name, NUMERIC, null);
    }

    public static FeatureSpec numeric(String name, double min, double max) {
        return new FeatureSpec(name, NUMERIC, null, min, max, null, null);
    }

    /** The same feature with a declared public mean and standard deviation. */
    public FeatureSpec withScale(double mean, double std) {
        return new FeatureSpec(name, type, categories, min, max, mean, std);
    }

    @JsonIgnore
    public boolean hasScale() {
        return mean != null;
    }

    public static FeatureSpec categorical(String name, List<String> categories) {
        return new FeatureSpec(name, CATEGORICAL, categories);
    }

    @JsonIgnore
    public boolean hasRange() {
        return min != null;
    }

    /** The value clamped to the declared range; unchanged without one (NaN, a missing value, stays NaN). */
    public double clamp(double value) {
        if (min == null || Double.isNaN(value)) return value;
        return Math.min(max, Math.max(min, value));
    }

    // Not a JSON property: read() rejects unknown fields, so writing it would make written schemas unreadable.
    @JsonIgnore
    public boolean isNumeric() {
        return NUMERIC.equals(type);
    }

    /** Number of encoded columns: 1 for numeric, one per category otherwise. */
    public int width() {
        return isNumeric() ? 1 : categories.size();
    }
}
