package dev.pmad.cli;

import dev.pmad.agent.data.DataException;
import dev.pmad.agent.privacy.LedgerException;
import dev.pmad.config.Env;
import dev.pmad.coordinator.checkpoint.CheckpointException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code pmad} command. */
@Command(name = "pmad", mixinStandardHelpOptions = true, versionProvider = Pmad.Version.class,
        description = "Privacy-preserving federated learning on the JVM.",
        subcommands = {SimulateCommand.class, CentralizedCommand.class, PrivacyCommand.class, LedgerCommand.class, StateCommand.class, SchemaCommand.class,
                DemoCommand.class, CoordinatorCommand.class, AgentCommand.class, LocalCommand.class, PredictCommand.class,
                XmppThroughputCommand.class, RoundCostCommand.class})
public final class Pmad {
    // Tribuo logs every training call through java.util.logging at INFO; keep stderr readable.
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    /** The version the build wrote into version.properties (Maven resource filtering). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pmad " + version()};
        }
    }

    /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}; recorded with every run and model. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Pmad.class.getResourceAsStream("version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pmad's version.properties", e);
        }
        String v = p.getProperty("version");
        // Unfiltered (an IDE that copies resources itself): the jar manifest, if any, knows.
        if (v == null || v.startsWith("${")) v = Pmad.class.getPackage().getImplementationVersion();
        return v != null ? v : "development build";
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The levels PMAD_LOG_LEVEL may name, as logback spells them. */
    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** Runs a command line and returns the exit code; errors are one line on stderr. */
    public static int run(String... args) {
        return run(CommandLine.defaultFactory(), args);
    }

    /** As {@link #run(String...)}, with commands made by {@code factory}: tests swap a command's collaborators. */
    static int run(CommandLine.IFactory factory, String... args) {
        TRIBUO_LOG.setLevel(Level.WARNING);
        try {
            logLevel(Env.system());
        } catch (IllegalArgumentException e) {
            System.err.println("pmad: error: " + e.getMessage());
            return 2;
        }
        CommandLine cli = new CommandLine(new Pmad(), factory);
        // A duration option that forgets its converter = DurationConverter.class still takes what
        // the variables take (5m, 300s, PT5M); the options name it too, for code that builds a
        // command without this CommandLine (tests, Demo.start).
        cli.registerConverter(Duration.class, new DurationConverter());
        cli.setParameterExceptionHandler((e, a) -> {
            // A mistyped required option is reported as missing; the unknown one explains it better.
            if (!(e instanceof CommandLine.UnmatchedArgumentException) && !e.getCommandLine().getUnmatchedArguments().isEmpty()) {
                e = new CommandLine.UnmatchedArgumentException(e.getCommandLine(), e.getCommandLine().getUnmatchedArguments());
            }
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
        try {
            return cli.execute(args);
        } finally {
            // A command may quiet PMAD's log for its progress line; the next one in this JVM starts afresh.
            logLevel(Env.system());
        }
    }

    /**
     * PMAD's own log level from PMAD_LOG_LEVEL (default INFO). Checked here rather than left to
     * logback, which reads a level it does not know as DEBUG without a word.
     */
    static void logLevel(Env env) {
        String level = env.oneOf("PMAD_LOG_LEVEL", "INFO", LOG_LEVELS);
        if (LoggerFactory.getLogger("dev.pmad") instanceof ch.qos.logback.classic.Logger pmad) {
            pmad.setLevel(ch.qos.logback.classic.Level.toLevel(level));
        }
    }
}
