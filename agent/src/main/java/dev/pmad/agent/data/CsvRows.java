package dev.pmad.agent.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV read through a {@link Schema} one row at a time, each row with its fields as written:
 * the rules of {@link CsvLoader} (which reads training files through this class) for files that
 * are scored rather than trained on, whose label column may be absent or empty.
 *
 * <p>Every problem is a {@link DataException} naming file, line and column. What it advises
 * depends on the file's {@link Use}: a training file can be fixed by editing the schema, a file
 * scored by a finished model cannot.
 */
public final class CsvRows implements AutoCloseable {
    /** What the file is for, which decides what a row must have and what a user can do about a bad one. */
    public enum Use {
        /** Every row labelled with a class of the schema; the schema can still change. */
        TRAINING("fix the schema or the CSV header", "add it to the schema"),
        /** The label column optional and its values too; the model's schema is fixed. */
        SCORING("the model was trained with it; add the column", "the model knows only its schema's categories;"
                + " use one of them, or leave the field empty to score it as missing");

        private final String missingColumnAdvice;
        private final String unknownCategoryAdvice;

        Use(String missingColumnAdvice, String unknownCategoryAdvice) {
            this.missingColumnAdvice = missingColumnAdvice;
            this.unknownCategoryAdvice = unknownCategoryAdvice;
        }
    }

    /**
     * One data row: its fields as written, numeric features raw with {@code NaN} for missing,
     * categorical features as category indices with {@code -1} for missing, and the class index
     * ({@code -1} when the file has no label or this row's is empty, scoring only).
     */
    public record Row(long line, List<String> fields, double[] numeric, int[] categorical, int label) {}

    private final Path file;
    private final Schema schema;
    private final Use use;
    private final Reader reader;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private final int labelColumn;
    private final int[] featureColumns;
    private final Map<String, Integer> classIndex;
    private final List<Map<String, Integer>> categoryIndex;

    private CsvRows(Path file, Schema schema, Use use) {
        this.file = file;
        this.schema = schema;
        this.use = use;
        this.reader = CsvLoader.open(file);
        try {
            this.parser = CsvLoader.format().parse(reader);
            this.header = parser.getHeaderNames();
            if (header.isEmpty()) throw new DataException(file + ": the file is empty; expected a header row and data rows");
            this.labelColumn = use == Use.TRAINING
                    ? column(schema.label(), "label column", "set --label or the schema's 'label'")
                    : find(schema.label());
            this.featureColumns = schema.features().stream()
                    .mapToInt(f -> column(f.name(), "feature column", use.missingColumnAdvice)).toArray();
            this.classIndex = index(schema.classes());
            this.categoryIndex = schema.features().stream().map(f -> f.isNumeric() ? null : index(f.categories())).toList();
            this.records = parser.iterator();
        } catch (IOException | UncheckedIOException e) {
            close();
            throw new DataException(file + ": cannot read CSV (" + e.getMessage() + ")");
        } catch (IllegalArgumentException | IllegalStateException e) {
            close();
            throw new DataException(file + ": not a valid CSV file (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static CsvRows open(Path file, Schema schema, Use use) {
        return new CsvRows(file, schema, use);
    }

    /** Column names as the header writes them. */
    public List<String> header() {
        return header;
    }

    /** Whether the file has the schema's label column (always, for a training file). */
    public boolean hasLabel() {
        return labelColumn >= 0;
    }

    /** The next row, or {@code null} after the last. */
    public Row next() {
        CSVRecord record;
        try {
            if (!records.hasNext()) return null;
            record = records.next();
        } catch (UncheckedIOException e) {
            throw new DataException(file + ": cannot read CSV (" + e.getMessage() + ")");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DataException(file + ": not a valid CSV file (" + e.getMessage() + ")");
        }
        long line = parser.getCurrentLineNumber();
        if (record.size() != header.size()) {
            throw new DataException(file + ":" + line + ": expected " + header.size() + " fields like the header, found "
                    + record.size());
        }
        int label = hasLabel() ? label(line, record.get(labelColumn).trim()) : -1;
        double[] num = new double[schema.numericCount()];
        int[] cat = new int[schema.features().size() - num.length];
        int n = 0;
        int c = 0;
        for (int f = 0; f < featureColumns.length; f++) {
            FeatureSpec spec = schema.features().get(f);
            String raw = record.get(featureColumns[f]).trim();
            if (spec.isNumeric()) {
                num[n++] = CsvLoader.isMissing(raw) ? Double.NaN : number(line, featureColumns[f], spec, raw);
            } else if (CsvLoader.isMissing(raw)) {
                cat[c++] = -1;
            } else {
                Integer category = categoryIndex.get(f).get(raw);
                if (category == null) {
                    throw new DataException(at(line, spec.name(), featureColumns[f]) + "category '" + raw
                            + "' is not in the schema's " + spec.categories().size() + " categories for this feature; "
                            + use.unknownCategoryAdvice);
                }
                cat[c++] = category;
            }
        }
        return new Row(line, record.toList(), num, cat, label);
    }

    private int label(long line, String raw) {
        if (CsvLoader.isMissing(raw)) {
            if (use == Use.SCORING) return -1;
            throw new DataException(at(line, schema.label(), labelColumn) + "the label is missing; remove the row or fill it in");
        }
        Integer label = classIndex.get(raw);
        if (label == null) {
            throw new DataException(at(line, schema.label(), labelColumn) + "class '" + raw + "' is not in the schema's classes "
                    + schema.classes() + (use == Use.TRAINING ? "; add it to the schema or fix the row"
                    : "; the model predicts only those: fix the row or leave its label empty"));
        }
        return label;
    }

    private double number(long line, int column, FeatureSpec spec, String raw) {
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new DataException(at(line, spec.name(), column) + "'" + raw
                    + "' is not a number, but the schema says the feature is numeric");
        }
        if (!Double.isFinite(value)) throw new DataException(at(line, spec.name(), column) + "'" + raw + "' is not a finite number");
        return spec.clamp(value);
    }

    private String at(long line, String name, int column) {
        return file + ":" + line + ": column '" + name + "' (" + (column + 1) + "): ";
    }

    private int find(String name) {
        for (int i = 0; i < header.size(); i++) if (header.get(i).trim().equals(name)) return i;
        return -1;
    }

    private int column(String name, String what, String fix) {
        int i = find(name);
        if (i >= 0) return i;
        throw new DataException(file + ":1: " + what + " '" + name + "' not found; the header has "
                + String.join(", ", header) + " (" + fix + ")");
    }

    private static Map<String, Integer> index(List<String> values) {
        var map = new HashMap<String, Integer>();
        for (int i = 0; i < values.size(); i++) map.put(values.get(i), i);
        return map;
    }

    @Override
    public void close() {
        try {
            if (parser != null) parser.close();
            reader.close();
        } catch (IOException e) {
            // Read-only: nothing was lost.
        }
    }
}
