package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.coordinator.checkpoint.RunCheckpoint;
import dev.pmad.coordinator.checkpoint.StateDirectory;
import dev.pmad.coordinator.privacy.PrivacyState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "state", mixinStandardHelpOptions = true,
        description = "Inspect a coordinator's state directory (STATE_DIR, --state-dir).",
        subcommands = {StateCommand.Show.class})
final class StateCommand {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"The run a state directory holds: its id, rounds done, strategy, privacy and model size,"
                    + " and whether a restarted coordinator would resume it.",
                    "A damaged state file, or one of another version, is reported in one line (exit 2)."})
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The state directory (or its state file).")
        Path dir;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path directory = Files.isRegularFile(dir) ? dir.toAbsolutePath().getParent() : dir;
            var state = new StateDirectory(directory);
            RunCheckpoint c = state.read().orElseThrow(() -> new IllegalArgumentException(
                    "no coordinator state in " + dir + " (no " + StateDirectory.FILE + "); check the path"));
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("file", state.file().toString());
            out.put("runId", c.runId());
            out.put("status", c.unfinished() ? "unfinished" : "ended");
            out.put("outcome", c.outcome());
            out.put("reason", c.reason());
            out.put("round", c.round());
            out.put("targetRounds", c.targetRounds());
            if (c.resumedFromRound() > 0) out.put("resumedFromRound", c.resumedFromRound());
            out.put("startedAt", c.startedAt().toString());
            out.put("strategy", c.aggregation());
            ObjectNode options = out.putObject("strategyOptions");
            c.strategy().options().forEach(options::put);
            out.put("strategyState", c.strategyState().getClass().getSimpleName());
            ObjectNode privacy = out.putObject("privacy");
            var settings = c.privacy().settings();
            privacy.put("mode", settings.mode().wireName()).put("noise", settings.noise().wireName())
                    .put("epsilon", settings.epsilon()).put("delta", settings.delta()).put("clipNorm", settings.clipNorm())
                    .put("epsilonSpent", c.epsilonSpent());
            double z = noiseMultiplier(c.privacy());
            if (z > 0) privacy.put("noiseMultiplier", z);
            out.put("fraction", c.fraction());
            out.put("minAgents", c.minAgents());
            out.putObject("model").put("classes", c.shape().classes()).put("features", c.shape().features())
                    .put("weights", c.global().size());
            out.put("participants", c.participants().size());
            out.put("schemaFingerprint", c.schemaFingerprint());
            if (json) {
                System.out.println(Output.compact(out));
            } else {
                System.out.printf(Locale.ROOT, "coordinator state %s%n", state.file());
                System.out.printf(Locale.ROOT, "run %s: %s, round %d of %d%s%n", c.runId(),
                        c.unfinished() ? "unfinished (a restarted coordinator resumes it at round " + (c.round() + 1) + ")"
                                : "ended " + c.outcome() + (c.reason() == null ? "" : " (" + c.reason() + ")"),
                        c.round(), c.targetRounds(),
                        c.resumedFromRound() > 0 ? ", last resumed after round " + c.resumedFromRound() : "");
                System.out.printf(Locale.ROOT, "strategy: %s %s (state: %s)%n", c.aggregation(), c.strategy().options(),
                        c.strategyState().getClass().getSimpleName());
                System.out.printf(Locale.ROOT, "privacy: %s, epsilon spent %.4f of %.4f at delta %.1e%s%n",
                        settings.mode().wireName(), c.epsilonSpent(), settings.epsilon(), settings.delta(),
                        z > 0 ? String.format(Locale.ROOT, ", noise multiplier %.4f", z) : "");
                System.out.printf(Locale.ROOT, "model: %d weights (%d classes x %d features + bias)%n", c.global().size(),
                        c.shape().classes(), c.shape().features());
                System.out.printf(Locale.ROOT, "participants: %d; sampling fraction %s, MIN_AGENTS %d%n",
                        c.participants().size(), c.fraction(), c.minAgents());
            }
            return 0;
        }

        private static double noiseMultiplier(PrivacyState p) {
            if (p instanceof PrivacyState.Central c) return c.noiseMultiplier();
            if (p instanceof PrivacyState.Local l) return l.noiseMultiplier();
            if (p instanceof PrivacyState.Record r) return r.newtonMultiplier();
            return 0;
        }
    }
}
