package dev.pmad.agent.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The rows of a CSV file that has no quote character at all, split the way
 * {@link CsvLoader#format()} (commons-csv's {@code DEFAULT}) splits them: lines end at LF, CR or
 * CRLF, empty lines are skipped, fields are what lies between commas, untrimmed. Without quotes
 * there are no escapes and no field spans lines, so this is all commons-csv would do, at a
 * fraction of its cost (it reads a character at a time through its lexer); {@code pmad schema}
 * spent a third of its time there. Files with a quote anywhere go to commons-csv.
 */
final class PlainCsv implements AutoCloseable {
    private final BufferedReader reader;
    private String next;
    /** Lines read up to and including the one {@link #next} returned last. */
    private long lines;

    private PlainCsv(Path file) throws IOException {
        this.reader = new BufferedReader(CsvLoader.open(file), 1 << 16);
        this.next = reader.readLine();
    }

    /**
     * Positioned after the header line (the first non-empty one), or null if {@code file} has a
     * quote character: a '"' byte, which in UTF-8 is never part of another character.
     */
    static PlainCsv openIfPlain(Path file) {
        try {
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '"') return null;
                    }
                }
            }
            PlainCsv csv = new PlainCsv(file);
            csv.next(0); // the header, which commons-csv has read and checked
            return csv;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next non-empty line's fields (usually {@code width} of them), or null after the last. */
    String[] next(int width) {
        try {
            while (next != null && next.isEmpty()) advance();
            if (next == null) return null;
            String line = next;
            advance();
            return split(line, width);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line number of the row {@link #next} returned last, as commons-csv counts it (from 1). */
    long lineNumber() {
        return lines;
    }

    private void advance() throws IOException {
        lines++;
        next = reader.readLine();
    }

    private static String[] split(String line, int width) {
        String[] fields = new String[width];
        int n = 0;
        int from = 0;
        for (int comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', from)) {
            if (n == fields.length) fields = Arrays.copyOf(fields, 2 * n + 1);
            fields[n++] = line.substring(from, comma);
            from = comma + 1;
        }
        if (n == fields.length) fields = Arrays.copyOf(fields, n + 1);
        fields[n++] = line.substring(from);
        return n == fields.length ? fields : Arrays.copyOf(fields, n);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // Read to the end or given up: nothing to do.
        }
    }
}
