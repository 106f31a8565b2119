package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.data.CsvRows;
import dev.pmad.agent.data.DataException;
import dev.pmad.agent.export.ExportedModel;
import dev.pmad.agent.export.OnnxExport;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Score a CSV of raw rows with a run's model: the input columns plus 'prediction' and one probability"
                + " column per class (p_<class>).",
                "Rows are read with the model's schema as training files are (empty or '?' is missing, numbers clamped to"
                + " declared ranges); a column, category or number that does not fit stops with the file, line and"
                + " column. With the label column, prints the accuracy: on a run's test rows, the run's own."})
final class PredictCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A run's model directory: RUNS_DIR/<run-id>/model, as the federation commands print it.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "F.csv", description = "Rows to score, with a header row;"
            + " the label column is optional.")
    Path data;

    @Option(names = "--output", paramLabel = "P.csv",
            description = "Write the predictions here (default: to stdout, or nowhere with --json).")
    Path output;

    @Option(names = "--json", description = "Print one JSON object on stdout: rows, accuracy, predicted classes, paths.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ExportedModel scorer = ExportedModel.load(model);
        List<String> classes = scorer.schema().classes();
        Tally tally;
        if (output != null) {
            Path target = output.toAbsolutePath();
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            // Written beside the target and moved into place: a row that stops the run leaves no half file.
            try {
                try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    tally = score(scorer, writer);
                }
                move(tmp, target);
            } catch (IOException e) {
                throw new DataException(output + ": cannot write the predictions (" + e + ")");
            } finally {
                Files.deleteIfExists(tmp);
            }
        } else {
            Writer stdout = json ? Writer.nullWriter() : new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            tally = score(scorer, stdout);
            stdout.flush();
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("model", model.toAbsolutePath().normalize().toString());
        result.put("runId", scorer.runId());
        result.put("data", data.toString());
        if (output != null) result.put("output", output.toString());
        else result.putNull("output");
        result.put("rows", tally.rows);
        result.put("labelled", tally.labelled);
        if (tally.labelled > 0) result.put("accuracy", tally.correct / (double) tally.labelled);
        else result.putNull("accuracy");
        ObjectNode predicted = result.putObject("predicted");
        for (int c = 0; c < classes.size(); c++) predicted.put(classes.get(c), tally.predicted[c]);
        if (json) {
            System.out.println(Output.compact(result));
        } else {
            // The summary goes where the predictions do not.
            var summary = output != null ? System.out : System.err;
            summary.println("scored " + tally.rows + " rows of " + data + " with the model of run " + scorer.runId()
                    + (output != null ? "; predictions in " + output : ""));
            if (tally.labelled > 0) {
                summary.printf(Locale.ROOT, "accuracy %.4f (%d of %d labelled rows right)%n",
                        tally.correct / (double) tally.labelled, tally.correct, tally.labelled);
            }
        }
        return 0;
    }

    /** Counts of one scoring pass. */
    private static final class Tally {
        long rows;
        long labelled;
        long correct;
        long[] predicted;
    }

    private Tally score(ExportedModel scorer, Writer out) throws IOException {
        List<String> classes = scorer.schema().classes();
        var tally = new Tally();
        tally.predicted = new long[classes.size()];
        try (CsvRows rows = CsvRows.open(data, scorer.schema(), CsvRows.Use.SCORING)) {
            var header = new ArrayList<>(rows.header());
            var added = new ArrayList<String>();
            added.add(OnnxExport.PREDICTION);
            classes.forEach(c -> added.add(OnnxExport.probabilityOutput(c)));
            for (String name : added) {
                if (header.stream().anyMatch(h -> h.trim().equals(name))) {
                    throw new DataException(data + ":1: the file already has a column '" + name + "', which predict adds;"
                            + " rename or drop it");
                }
            }
            header.addAll(added);
            CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).setRecordSeparator('\n').get()
                    .print(out);
            var record = new ArrayList<String>();
            for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
                double[] p = scorer.probabilities(row.numeric(), row.categorical());
                int best = ExportedModel.predicted(p);
                record.clear();
                record.addAll(row.fields());
                record.add(classes.get(best));
                for (double v : p) record.add(Double.toString(v));
                printer.printRecord(record);
                tally.rows++;
                tally.predicted[best]++;
                if (row.label() >= 0) {
                    tally.labelled++;
                    if (row.label() == best) tally.correct++;
                }
            }
            printer.flush();
        }
        if (tally.rows == 0) throw new DataException(data + ": no data rows after the header");
        return tally;
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
