package dev.pmad.agent.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import org.apache.commons.csv.CSVFormat;

/**
 * Reads a CSV with a header row through a {@link Schema}. Every problem is reported as a
 * {@link DataException} naming file, line and column, so a user can open the file and fix it.
 * Rows are parsed by {@link CsvRows}, which also reads files that are scored rather than trained on.
 */
public final class CsvLoader {
    private CsvLoader() {}

    /** Whether a field counts as missing: empty, or {@code ?} as in the UCI files. */
    public static boolean isMissing(String value) {
        String v = value.trim();
        return v.isEmpty() || v.equals("?");
    }

    public static Table load(Path file, Schema schema) {
        var numeric = new ArrayList<double[]>();
        var categorical = new ArrayList<int[]>();
        var labels = new ArrayList<Integer>();
        try (CsvRows rows = CsvRows.open(file, schema, CsvRows.Use.TRAINING)) {
            for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
                numeric.add(row.numeric());
                categorical.add(row.categorical());
                labels.add(row.label());
            }
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
}
