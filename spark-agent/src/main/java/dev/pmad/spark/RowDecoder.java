package dev.pmad.spark;

import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.DataException;
import dev.pmad.agent.data.FeatureSpec;
import dev.pmad.agent.data.Schema;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Parses a Spark row through the schema with the same rules as {@link CsvLoader}: numbers from
 * typed columns (Parquet) or text (CSV), {@code null}, empty or {@code ?} as missing, categories
 * and classes by their exact text. Runs on executors, so every failure is a {@link
 * DataException} that names the source, the column and the value, and the driver reports it.
 *
 * <p>Expects the row's columns in schema order: the features, then the label.
 */
final class RowDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final Schema schema;
    private final Map<String, Integer> classIndex;
    private final List<Map<String, Integer>> categoryIndex;

    RowDecoder(String source, Schema schema) {
        this.source = source;
        this.schema = schema;
        this.classIndex = index(schema.classes());
        this.categoryIndex = schema.features().stream()
                .map(f -> f.isNumeric() ? Map.<String, Integer>of() : index(f.categories()))
                .toList();
    }

    Rows.Raw decode(Row row, boolean test) {
        int features = schema.features().size();
        Object rawLabel = row.get(features);
        String label = rawLabel == null ? "" : text(rawLabel);
        if (CsvLoader.isMissing(label)) {
            throw new DataException(source + ": column '" + schema.label() + "': a row has no label; remove the row or fill it in");
        }
        Integer y = classIndex.get(label);
        if (y == null) {
            throw new DataException(source + ": column '" + schema.label() + "': class '" + label
                    + "' is not in the schema's classes " + schema.classes() + "; add it to the schema or fix the data");
        }
        double[] numeric = new double[schema.numericCount()];
        int[] categorical = new int[features - numeric.length];
        int n = 0;
        int c = 0;
        for (int f = 0; f < features; f++) {
            FeatureSpec spec = schema.features().get(f);
            Object value = row.get(f);
            if (spec.isNumeric()) {
                numeric[n++] = number(spec, value);
            } else {
                String raw = value == null ? "" : text(value);
                if (CsvLoader.isMissing(raw)) {
                    categorical[c++] = -1;
                } else {
                    Integer category = categoryIndex.get(f).get(raw);
                    if (category == null) {
                        throw new DataException(source + ": column '" + spec.name() + "': category '" + raw
                                + "' is not in the schema's " + spec.categories().size()
                                + " categories for this feature; add it to the schema");
                    }
                    categorical[c++] = category;
                }
            }
        }
        return new Rows.Raw(numeric, categorical, y, test);
    }

    private double number(FeatureSpec spec, Object value) {
        if (value == null) return Double.NaN;
        if (value instanceof Number number) {
            double v = number.doubleValue();
            if (!Double.isFinite(v)) {
                throw new DataException(source + ": column '" + spec.name() + "': " + v + " is not a finite number");
            }
            return spec.clamp(v);
        }
        String raw = text(value);
        if (CsvLoader.isMissing(raw)) return Double.NaN;
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new DataException(source + ": column '" + spec.name() + "': '" + raw
                    + "' is not a number, but the schema says the feature is numeric");
        }
        if (!Double.isFinite(v)) {
            throw new DataException(source + ": column '" + spec.name() + "': '" + raw + "' is not a finite number");
        }
        return spec.clamp(v);
    }

    /** Text of a label or category; whole numbers print without ".0" so class 1 matches "1". */
    private static String text(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        }
        return value.toString().trim();
    }

    private static Map<String, Integer> index(List<String> values) {
        var map = new HashMap<String, Integer>();
        for (int i = 0; i < values.size(); i++) map.put(values.get(i), i);
        return map;
    }
}
