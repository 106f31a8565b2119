package dev.pmad.agent.data;

import com.fasterxml.jackson.core.io.NumberInput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Infers a {@link Schema} from CSV files for simulations: a column whose present values all parse
 * as finite numbers is numeric, any other is categorical with its sorted distinct values; classes
 * are the sorted distinct labels (numerically sorted when they are all numbers). A numeric
 * column's range is declared as its smallest and largest value rounded outward to two significant
 * digits (e.g. 12,285 to 1,484,705 becomes 12,000 to 1,500,000), so the schema does not state
 * any row's exact value.
 *
 * <p>Streaming and bounded: a column keeps its distinct values only while it is not numeric (and
 * the label always), as a numeric column's values are never listed. A column that turns out not
 * to be numeric after numbers (a stray "n/a" on the last row) has its distinct values gathered in
 * a second pass over the files, so the result is the same as keeping every value all along.
 *
 * <p>Not for production federations: there every party must share one schema file, since each
 * site would infer different categories from its own data.
 */
public final class SchemaInference {
    private SchemaInference() {}

    /** Ranges only: what every party may see of the data behind the schema. */
    public static Schema infer(List<Path> files, String labelColumn) {
        return infer(files, labelColumn, false);
    }

    /**
     * With {@code withScale}, each numeric feature also declares the mean and standard deviation
     * of the first file (the training data; four significant digits), which agents then standardise with instead of
     * releasing noised statistics: for files that are public, or a simulation's own data.
     */
    public static Schema infer(List<Path> files, String labelColumn, boolean withScale) {
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
                    for (String name : header) columns.put(name, new Column(name.equals(labelColumn)));
                } else if (!header.equals(names)) {
                    throw new DataException(file + ":1: header differs from " + files.get(0) + "'s; both files need the same columns");
                }
                Column[] byIndex = header.stream().map(columns::get).toArray(Column[]::new);
                boolean first = file.equals(files.get(0));
                long rows = observeAll(parser, file, byIndex, first);
                if (rows == 0) throw new DataException(file + ": no data rows after the header");
            } catch (IOException | UncheckedIOException e) {
                throw new DataException(file + ": cannot read CSV (" + e.getMessage() + ")");
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new DataException(file + ": not a valid CSV file (" + e.getMessage() + ")");
            }
        }
        List<Column> late = columns.values().stream().filter(c -> c.valuesIncomplete).toList();
        if (!late.isEmpty()) gatherValues(files, header, columns);
        Column label = columns.remove(labelColumn);
        if (label.values.size() < 2) {
            throw new DataException(files.get(0) + ": label column '" + labelColumn + "' has "
                    + label.values.size() + " distinct value(s); a classifier needs at least 2");
        }
        var features = new ArrayList<FeatureSpec>();
        for (var e : columns.entrySet()) {
            Column c = e.getValue();
            if (!c.numeric) {
                features.add(FeatureSpec.categorical(e.getKey(), c.sorted()));
            } else if (c.min > c.max) { // no value present at all
                features.add(FeatureSpec.numeric(e.getKey()));
            } else {
                double lo = outward(c.min, false);
                double hi = outward(c.max, true);
                if (!(lo < hi)) hi = lo + 1; // a constant column
                FeatureSpec f = FeatureSpec.numeric(e.getKey(), lo, hi);
                if (withScale && c.count > 0) {
                    double mean = c.sum / c.count;
                    double std = Math.sqrt(Math.max(0, c.squares / c.count - mean * mean));
                    f = f.withScale(significant(mean), std > 1e-12 * Math.max(1, Math.abs(mean)) ? significant(std) : 1);
                }
                features.add(f);
            }
        }
        return new Schema(labelColumn, label.sorted(), features);
    }

    /**
     * Observes every record of {@code parser} in {@code columns} (by index); returns how many there
     * were. Two threads: one reads and splits the CSV ({@link PlainCsv} for a file without quotes,
     * commons-csv for any other), the caller parses and keeps the values, a batch of rows at a time
     * through a short queue, so memory stays bounded. On two cores the two halves, each about a
     * third of {@code pmad schema}'s time, overlap.
     */
    private static long observeAll(CSVParser parser, Path file, Column[] columns, boolean first) {
        var batches = new ArrayBlockingQueue<Batch>(4);
        var failure = new AtomicReference<RuntimeException>();
        var stopped = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (PlainCsv plain = PlainCsv.openIfPlain(file)) {
                var records = plain == null ? parser.iterator() : null;
                String[][] rows = new String[BATCH_ROWS][];
                int n = 0;
                while (!stopped.get()) {
                    String[] values;
                    long line;
                    if (plain != null) {
                        values = plain.next(columns.length);
                        line = plain.lineNumber();
                    } else if (records.hasNext()) {
                        CSVRecord record = records.next();
                        values = record.values();
                        line = record.getParser().getCurrentLineNumber();
                    } else {
                        values = null;
                        line = 0;
                    }
                    if (values == null) break;
                    if (values.length != columns.length) {
                        throw new DataException(file + ":" + line + ": expected " + columns.length
                                + " fields like the header, found " + values.length);
                    }
                    rows[n++] = values;
                    if (n == rows.length) {
                        put(batches, new Batch(rows, n), stopped);
                        rows = new String[BATCH_ROWS][];
                        n = 0;
                    }
                }
                put(batches, new Batch(rows, n), stopped);
            } catch (RuntimeException e) {
                failure.set(e);
            } finally {
                put(batches, Batch.END, stopped);
            }
        }, "pmad-schema-csv");
        reader.setDaemon(true);
        reader.start();
        long count = 0;
        try {
            for (Batch batch = take(batches); batch != Batch.END; batch = take(batches)) {
                for (int r = 0; r < batch.size(); r++) {
                    String[] row = batch.rows()[r];
                    for (int i = 0; i < columns.length; i++) columns[i].observe(row[i].trim(), first);
                }
                count += batch.size();
            }
        } finally {
            stopped.set(true);
            batches.clear(); // unblocks a reader waiting to put
        }
        if (failure.get() != null) throw failure.get();
        return count;
    }

    private static final int BATCH_ROWS = 1024;

    /** {@code size} rows of split CSV values; {@link #END} after the last. */
    private record Batch(String[][] rows, int size) {
        static final Batch END = new Batch(new String[0][], 0);
    }

    private static void put(BlockingQueue<Batch> batches, Batch batch, AtomicBoolean stopped) {
        try {
            while (!stopped.get() && !batches.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                // The consumer is busy: wait, unless it gave up.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Batch take(BlockingQueue<Batch> batches) {
        try {
            return batches.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while reading the CSV");
        }
    }

    /**
     * {@link Double#parseDouble}'s value, faster: jackson-core's copy of FastDoubleParser (Lemire,
     * "Number parsing at a gigabyte per second", Software: Practice and Experience 51(8), 2021),
     * correctly rounded like it. What the fast parser refuses gets {@code Double.parseDouble}'s
     * verdict, so the two accept the same strings.
     */
    static double parseDouble(String s) {
        try {
            return NumberInput.parseDouble(s, true);
        } catch (NumberFormatException e) {
            return Double.parseDouble(s);
        }
    }

    /**
     * The second pass: the distinct values of the columns that stopped being numeric after the
     * first row, from the first row on, in the same order and up to the same cap as the first pass
     * would have kept them. The files were read once already, so they are valid CSV.
     */
    private static void gatherValues(List<Path> files, List<String> header, Map<String, Column> columns) {
        var late = new ArrayList<Integer>();
        for (int i = 0; i < header.size(); i++) {
            Column c = columns.get(header.get(i));
            if (c.valuesIncomplete) {
                c.values.clear();
                late.add(i);
            }
        }
        for (Path file : files) {
            try (Reader reader = CsvLoader.open(file); CSVParser parser = CsvLoader.format().parse(reader)) {
                for (CSVRecord record : parser) {
                    for (int i : late) {
                        String raw = record.get(i).trim();
                        if (!CsvLoader.isMissing(raw)) columns.get(header.get(i)).keep(raw);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                throw new DataException(file + ": cannot read CSV (" + e.getMessage() + ")");
            }
        }
        for (int i : late) columns.get(header.get(i)).valuesIncomplete = false;
    }

    /** {@code v} rounded to two significant digits, down or up (decimal, so that 9.7 prints as 9.7). */
    static double outward(double v, boolean up) {
        double out = BigDecimal.valueOf(v).round(new MathContext(2, up ? RoundingMode.CEILING : RoundingMode.FLOOR))
                .doubleValue();
        // The nearest double to the decimal may fall a hair inside the data's range: never let it.
        return up ? Math.max(out, v) : Math.min(out, v);
    }

    private static double significant(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(4, RoundingMode.HALF_EVEN)).doubleValue();
    }

    private static final class Column {
        /** Distinct values kept: the most a categorical column lists. */
        private static final int MAX_VALUES = 100_000;
        final TreeSet<String> values = new TreeSet<>();
        /** Keeps its distinct values even while numeric: the label, whose values are the classes. */
        final boolean keepsValues;
        /** Turned non-numeric after values it did not keep: {@link #values} lacks them. */
        boolean valuesIncomplete;
        boolean numeric = true;
        boolean numericValues = true;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long count;
        /** Numeric values seen, in any file ({@link #count} counts only the first). */
        long seenNumeric;
        double sum;
        double squares;

        Column(boolean keepsValues) {
            this.keepsValues = keepsValues;
        }

        void keep(String raw) {
            if (values.size() < MAX_VALUES) values.add(raw);
        }

        void observe(String raw, boolean scaleFromIt) {
            if (CsvLoader.isMissing(raw)) return;
            if (numericValues) {
                try {
                    double v = parseDouble(raw);
                    numericValues = Double.isFinite(v);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    if (scaleFromIt) {
                        count++;
                        sum += v;
                        squares += v * v;
                    }
                } catch (NumberFormatException e) {
                    numericValues = false;
                }
                // Values seen while it was numeric were not kept: a second pass gathers them.
                if (!numericValues && !keepsValues && seenNumeric > 0) valuesIncomplete = true;
                if (numericValues) seenNumeric++;
            }
            numeric = numericValues;
            if (keepsValues || !numericValues) keep(raw);
        }

        List<String> sorted() {
            var list = new ArrayList<>(values);
            if (numericValues) list.sort(Comparator.comparingDouble(Double::parseDouble));
            return list;
        }
    }
}
