package dev.pmad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.privacy.LedgerSnapshot;
import dev.pmad.agent.privacy.PrivacyLedger;
import dev.pmad.agent.privacy.PrivacyLedger.Policy;
import dev.pmad.agent.privacy.PrivacyLedger.Run;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Inspect an agent's lifetime privacy ledger.",
        subcommands = {LedgerCommand.Show.class})
final class LedgerCommand {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Epsilon spent by each run and in total, and what remains of the budget.",
                    "Reads without locking, so it works while an agent uses the ledger."})
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The agent's privacy ledger.")
        Path file;

        @Option(names = "--delta", paramLabel = "D", description = "Delta to report epsilon at (default: the ledger's policy).")
        Double delta;

        @Option(names = "--epsilon", paramLabel = "E", description = "Lifetime budget to compare with (default: the ledger's policy).")
        Double epsilon;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (delta != null && !(delta > 0 && delta < 1)) throw new IllegalArgumentException("--delta must be in (0, 1), was " + delta);
            if (epsilon != null && (!(epsilon > 0) || epsilon.isInfinite())) {
                throw new IllegalArgumentException("--epsilon must be a positive number, was " + epsilon);
            }
            LedgerSnapshot ledger = PrivacyLedger.read(file);
            Optional<Policy> policy = ledger.policy();
            double d = delta != null ? delta : policy.map(Policy::delta).orElseThrow(() -> new IllegalArgumentException(
                    "privacy ledger " + file + " records no policy; pass --delta D (e.g. 1e-5) to report epsilon at"));
            Double budget = epsilon != null ? epsilon : policy.map(Policy::epsilonBudget).orElse(null);
            double spent = ledger.epsilon(d);
            Double remaining = budget == null ? null : Math.max(0, budget - spent);
            if (json) printJson(ledger, d, budget, spent, remaining);
            else printText(ledger, d, budget, spent, remaining);
            return 0;
        }

        private void printText(LedgerSnapshot ledger, double d, Double budget, double spent, Double remaining) {
            System.out.println("privacy ledger " + file);
            System.out.println(budget == null
                    ? String.format(Locale.ROOT, "policy: no epsilon budget recorded (pass --epsilon E); delta %.1e (%s)",
                            d, origin(delta, "--delta"))
                    : String.format(Locale.ROOT, "policy: epsilon budget %.4f (%s) at delta %.1e (%s)",
                            budget, origin(epsilon, "--epsilon"), d, origin(delta, "--delta")));
            if (ledger.runs().isEmpty()) System.out.println("runs: none");
            for (Run run : ledger.runs()) {
                System.out.printf(Locale.ROOT, "run %s: %d release%s, %s .. %s, epsilon %.4f (last: %s)%n", run.runId(),
                        run.releases(), run.releases() == 1 ? "" : "s", run.first(), run.last(), ledger.epsilon(run, d),
                        run.lastRelease().replaceAll("\\s+", " ").strip());
            }
            System.out.printf(Locale.ROOT, "spent: epsilon %.4f at delta %.1e%n", spent, d);
            System.out.println(remaining == null ? "remaining: unknown without a budget (pass --epsilon E)"
                    : String.format(Locale.ROOT, "remaining: epsilon %.4f of %.4f", remaining, budget));
        }

        private static String origin(Double option, String name) {
            return option == null ? "recorded" : name;
        }

        private void printJson(LedgerSnapshot ledger, double d, Double budget, double spent, Double remaining) throws Exception {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode().put("file", file.toString()).put("delta", d)
                    .put("epsilonBudget", budget).put("epsilonSpent", spent).put("epsilonRemaining", remaining);
            ArrayNode runs = out.putArray("runs");
            for (Run run : ledger.runs()) {
                runs.addObject().put("runId", run.runId()).put("releases", run.releases()).put("first", run.first().toString())
                        .put("last", run.last().toString()).put("epsilonSpent", ledger.epsilon(run, d));
            }
            System.out.println(mapper.writeValueAsString(out));
        }
    }
}
