package dev.pmad.cli;

import dev.pmad.agent.data.DataException;
import dev.pmad.agent.privacy.LedgerException;
import dev.pmad.coordinator.checkpoint.CheckpointException;
import java.util.logging.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pmad} command. */
@Command(name = "pmad", mixinStandardHelpOptions = true, versionProvider = Pmad.Version.class,
        description = "Privacy-preserving federated learning on the JVM.",
        subcommands = {SimulateCommand.class, CentralizedCommand.class, PrivacyCommand.class, LedgerCommand.class, StateCommand.class, SchemaCommand.class,
                DemoCommand.class, CoordinatorCommand.class, AgentCommand.class, LocalCommand.class, PredictCommand.class,
                XmppThroughputCommand.class})
public final class Pmad {
    // Tribuo logs every training call through java.util.logging at INFO; keep stderr readable.
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    /** The version the build wrote into the jar's manifest; "development build" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Pmad.class.getPackage().getImplementationVersion();
            return new String[] {"pmad " + (v != null ? v : "(development build, no jar manifest)")};
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns the exit code; errors are one line on stderr. */
    public static int run(String... args) {
        return run(CommandLine.defaultFactory(), args);
    }

    /** As {@link #run(String...)}, with commands made by {@code factory}: tests swap a command's collaborators. */
    static int run(CommandLine.IFactory factory, String... args) {
        TRIBUO_LOG.setLevel(Level.WARNING);
        CommandLine cli = new CommandLine(new Pmad(), factory);
        cli.setParameterExceptionHandler((e, a) -> {
            // The whole path, so a nested command points at its own help ("pmad ledger show --help").
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            String hint = "";
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                hint = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
            }
            // One line, whatever picocli says: scripts read the first line of stderr.
            System.err.println("pmad: error: " + e.getMessage().strip().replace('\n', ' ') + hint + " (see '" + command + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof DataException || e instanceof LedgerException || e instanceof CheckpointException
                    || e instanceof IllegalArgumentException) {
                System.err.println("pmad: error: " + e.getMessage());
                return 2;
            }
            System.err.println("pmad: error: " + e);
            return 1;
        });
        return cli.execute(args);
    }
}
