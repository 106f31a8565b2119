package dev.pmad.agent.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Infers a {@link Schema} from CSV files for simulations: a column whose present values all parse
 * as finite numbers is numeric, any other is categorical with its sorted distinct values; classes
 * are the sorted distinct labels (numerically sorted when they are all numbers).
 *
 * <p>Not for production federations: there every party must share one schema file, since each
 * site would infer different categories from its own data.
 */
public final class SchemaInference {
    private SchemaInference() {}

    public static Schema infer(List<Path> files, String labelColumn) {
        List<String> header = null;
        Map<String, Column> columns = new LinkedHashMap<>();
        for (Path file : files) {
            try (Reader reader = CsvLoader.open(file); CSVParser parser = CsvLoader.format().parse(reader)) {
                List<String> names = parser.getHeaderNames().stream().map(String::trim).toList();
                if (names.isEmpty()) throw new DataException(file + ": the file is empty; expected a header row and data rows");
                if (header == null) {
                    header = names;
                    if (!header.contains(labelColumn)) {
                        throw new DataException(file + ":1: label column '" + labelColumn + "' not found; the header has "
                                + String.join(", ", header) + " (set --label)");
                    }
                    for (String name : header) columns.put(name, new Column());
                } else if (!header.equals(names)) {
                    throw new DataException(file + ":1: header differs from " + files.get(0) + "'s; both files need the same columns");
                }
                long rows = 0;
                for (CSVRecord record : parser) {
                    long line = record.getParser().getCurrentLineNumber();
                    if (record.size() != header.size()) {
                        throw new DataException(file + ":" + line + ": expected " + header.size()
                                + " fields like the header, found " + record.size());
                    }
                    for (int i = 0; i < header.size(); i++) columns.get(header.get(i)).observe(record.get(i).trim());
                    rows++;
                }
                if (rows == 0) throw new DataException(file + ": no data rows after the header");
            } catch (IOException | UncheckedIOException e) {
                throw new DataException(file + ": cannot read CSV (" + e.getMessage() + ")");
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new DataException(file + ": not a valid CSV file (" + e.getMessage() + ")");
            }
        }
        Column label = columns.remove(labelColumn);
        if (label.values.size() < 2) {
            throw new DataException(files.get(0) + ": label column '" + labelColumn + "' has "
                    + label.values.size() + " distinct value(s); a classifier needs at least 2");
        }
        var features = new ArrayList<FeatureSpec>();
        for (var e : columns.entrySet()) {
            Column c = e.getValue();
            features.add(c.numeric ? FeatureSpec.numeric(e.getKey()) : FeatureSpec.categorical(e.getKey(), c.sorted()));
        }
        return new Schema(labelColumn, label.sorted(), features);
    }

    private static final class Column {
        final TreeSet<String> values = new TreeSet<>();
        boolean numeric = true;
        boolean numericValues = true;

        void observe(String raw) {
            if (CsvLoader.isMissing(raw)) return;
            // Cap the distinct values kept for numeric columns: they are never listed.
            if (values.size() < 100_000) values.add(raw);
            if (numericValues) {
                try {
                    numericValues = Double.isFinite(Double.parseDouble(raw));
                } catch (NumberFormatException e) {
                    numericValues = false;
                }
            }
            numeric = numericValues;
        }

        List<String> sorted() {
            var list = new ArrayList<>(values);
            if (numericValues) list.sort(Comparator.comparingDouble(Double::parseDouble));
            return list;
        }
    }
}
