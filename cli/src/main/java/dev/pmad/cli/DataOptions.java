package dev.pmad.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data comes from and how it is split among agents. */
public final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "F.csv", description = "Training CSV with a header row.")
    Path data;

    @Option(names = "--schema", paramLabel = "S.json",
            description = "Shared schema (features, label, classes). Inferred from the CSV files when absent.")
    Path schema;

    @Option(names = "--label", defaultValue = "label", paramLabel = "COL",
            description = "Label column when the schema is inferred (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--test-data", paramLabel = "T.csv",
            description = "Test CSV, split IID among the agents as their local test sets. Without it each agent keeps"
                    + " --test-fraction of its rows.")
    Path testData;

    @Option(names = "--agents", defaultValue = "5", description = "Number of agents (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--partition", defaultValue = "iid", paramLabel = "iid|dirichlet:A",
            description = "How rows are split: iid, or Dirichlet label skew with concentration A (default: ${DEFAULT-VALUE}).")
    String partition;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every split and of training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--test-fraction", defaultValue = "0.2",
            description = "Share of each agent's rows kept as its local test split (default: ${DEFAULT-VALUE}).")
    double testFraction;
}
