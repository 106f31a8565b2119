package dev.pmad.cli;

import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Infer a schema from CSV files and print it, to hand the same file to every party.")
final class SchemaCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, split = ",", paramLabel = "F.csv[,G.csv...]",
            description = "CSV files to infer from (all categories in them are listed).")
    List<Path> data = new ArrayList<>();

    @Option(names = "--label", defaultValue = "label", paramLabel = "COL", description = "Label column (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--with-scale",
            description = "Also declare each numeric feature's mean and standard deviation (from the first file), which"
                    + " agents then standardise with instead of releasing noised statistics. Only for public or reference"
                    + " data: every party reads the schema.")
    boolean withScale;

    @Override
    public Integer call() {
        Schema schema = SchemaInference.infer(data, label, withScale);
        System.out.println(schema.toJson());
        return 0;
    }
}
