package dev.pmad.agent.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV with a header row through a {@link Schema}. Every problem is reported as a
 * {@link DataException} naming file, line and column, so a user can open the file and fix it.
 */
public final class CsvLoader {
    private CsvLoader() {}

    /** Whether a field counts as missing: empty, or {@code ?} as in the UCI files. */
    public static boolean isMissing(String value) {
        String v = value.trim();
        return v.isEmpty() || v.equals("?");
    }

    public static Table load(Path file, Schema schema) {
        List<String> header;
        var numeric = new ArrayList<double[]>();
        var categorical = new ArrayList<int[]>();
        var labels = new ArrayList<Integer>();
        try (Reader reader = open(file); CSVParser parser = format().parse(reader)) {
            header = parser.getHeaderNames();
            if (header.isEmpty()) throw new DataException(file + ": the file is empty; expected a header row and data rows");
            int labelColumn = column(file, header, schema.label(), "label column", "set --label or the schema's 'label'");
            int[] featureColumns = schema.features().stream()
                    .mapToInt(f -> column(file, header, f.name(), "feature column", "fix the schema or the CSV header"))
                    .toArray();
            var classIndex = index(schema.classes());
            var categoryIndex = new ArrayList<Map<String, Integer>>();
            for (FeatureSpec f : schema.features()) categoryIndex.add(f.isNumeric() ? null : index(f.categories()));

            for (CSVRecord record : parser) {
                long line = record.getParser().getCurrentLineNumber();
                if (record.size() != header.size()) {
                    throw new DataException(file + ":" + line + ": expected " + header.size()
                            + " fields like the header, found " + record.size());
                }
                String rawLabel = record.get(labelColumn).trim();
                if (isMissing(rawLabel)) {
                    throw new DataException(file + ":" + line + ": column '" + schema.label() + "' ("
                            + (labelColumn + 1) + "): the label is missing; remove the row or fill it in");
                }
                Integer label = classIndex.get(rawLabel);
                if (label == null) {
                    throw new DataException(file + ":" + line + ": column '" + schema.label() + "' ("
                            + (labelColumn + 1) + "): class '" + rawLabel + "' is not in the schema's classes "
                            + schema.classes() + "; add it to the schema or fix the row");
                }
                double[] num = new double[schema.numericCount()];
                int[] cat = new int[schema.features().size() - num.length];
                int n = 0;
                int c = 0;
                for (int f = 0; f < featureColumns.length; f++) {
                    FeatureSpec spec = schema.features().get(f);
                    String raw = record.get(featureColumns[f]).trim();
                    if (spec.isNumeric()) {
                        num[n++] = isMissing(raw) ? Double.NaN : parseNumber(file, line, featureColumns[f], spec, raw);
                    } else if (isMissing(raw)) {
                        cat[c++] = -1;
                    } else {
                        Integer category = categoryIndex.get(f).get(raw);
                        if (category == null) {
                            throw new DataException(file + ":" + line + ": column '" + spec.name() + "' ("
                                    + (featureColumns[f] + 1) + "): category '" + raw + "' is not in the schema's "
                                    + spec.categories().size() + " categories for this feature; add it to the schema");
                        }
                        cat[c++] = category;
                    }
                }
                numeric.add(num);
                categorical.add(cat);
                labels.add(label);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DataException(file + ": cannot read CSV (" + e.getMessage() + ")");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DataException(file + ": not a valid CSV file (" + e.getMessage() + ")");
        }
        if (labels.isEmpty()) throw new DataException(file + ": no data rows after the header");
        return new Table(schema, file.toString(), numeric.toArray(double[][]::new),
                categorical.toArray(int[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    static Reader open(Path file) {
        try {
            if (Files.isDirectory(file)) throw new DataException(file + ": is a directory, expected a CSV file");
            if (Files.size(file) == 0) throw new DataException(file + ": the file is empty; expected a header row and data rows");
            var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            // Spreadsheet exports often start with a byte-order mark, which would become part of
            // the first column's name.
            reader.mark(1);
            if (reader.read() != '\uFEFF') reader.reset();
            return reader;
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file; check the path");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    static CSVFormat format() {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
    }

    private static int column(Path file, List<String> header, String name, String what, String fix) {
        for (int i = 0; i < header.size(); i++) if (header.get(i).trim().equals(name)) return i;
        throw new DataException(file + ":1: " + what + " '" + name + "' not found; the header has "
                + String.join(", ", header) + " (" + fix + ")");
    }

    private static double parseNumber(Path file, long line, int column, FeatureSpec spec, String raw) {
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new DataException(file + ":" + line + ": column '" + spec.name() + "' (" + (column + 1)
                    + "): '" + raw + "' is not a number, but the schema says the feature is numeric");
        }
        if (!Double.isFinite(value)) {
            throw new DataException(file + ":" + line + ": column '" + spec.name() + "' (" + (column + 1)
                    + "): '" + raw + "' is not a finite number");
        }
        return spec.clamp(value);
    }

    private static Map<String, Integer> index(List<String> values) {
        var map = new HashMap<String, Integer>();
        for (int i = 0; i < values.size(); i++) map.put(values.get(i), i);
        return map;
    }
}
