package dev.pmad.agent.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One input column of the schema: numeric, or categorical with the exact list of its categories.
 * The order of {@code categories} fixes the order of the one-hot columns on every party.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(String name, String type, List<String> categories) implements java.io.Serializable {
    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";

    public FeatureSpec {
        Objects.requireNonNull(name, "feature name");
        if (NUMERIC.equals(type)) {
            if (categories != null && !categories.isEmpty()) {
                throw new DataException("schema: numeric feature '" + name + "' must not list categories");
            }
            categories = null;
        } else if (CATEGORICAL.equals(type)) {
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

    public static FeatureSpec numeric(String name) {
        return new FeatureSpec(name, NUMERIC, null);
    }

    public static FeatureSpec categorical(String name, List<String> categories) {
        return new FeatureSpec(name, CATEGORICAL, categories);
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
