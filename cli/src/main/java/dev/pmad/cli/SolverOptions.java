package dev.pmad.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/** How {@code pmad centralized} fits the model: the exact penalised optimum, or the agents' SGD. */
public final class SolverOptions {
    /** The two ways to fit the centralized model. */
    enum Solver {
        /** Newton's method to the optimum of the L2-penalised mean cross-entropy; not private. */
        EXACT,
        /** The agents' SGD (DP-SGD with --dp-mode record) for rounds x epochs passes over the data. */
        SGD;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--solver", paramLabel = "exact|sgd",
            description = "exact: the optimum of the penalised mean cross-entropy, by Newton's method (default; not private);"
                    + " sgd: the agents' SGD for rounds x epochs passes (the default with --dp-mode record, where it is DP-SGD).")
    String solver;

    @Option(names = "--l2", paramLabel = "LAMBDA",
            description = "Penalty (LAMBDA/2)||W||^2 on the non-bias weights, added to the mean cross-entropy, for --solver"
                    + " exact (default: 1/n for n training rows, scikit-learn's C = 1).")
    Double l2;

    /** The solver asked for, or the default for the privacy mode; refuses combinations that cannot hold. */
    Solver solver(boolean recordMode) {
        Solver chosen = parse();
        if (chosen == Solver.EXACT && recordMode) {
            throw new IllegalArgumentException("--solver exact is not differentially private: with --dp-mode record,"
                    + " centralized trains with DP-SGD (--solver sgd, the default in record mode)");
        }
        Solver resolved = chosen != null ? chosen : recordMode ? Solver.SGD : Solver.EXACT;
        if (l2 != null && resolved == Solver.SGD) {
            throw new IllegalArgumentException("--l2 is the exact solver's penalty and --solver sgd trains without one"
                    + (recordMode ? " (--dp-mode record always trains with DP-SGD)" : "") + ": drop --l2"
                    + (recordMode ? "" : ", or use --solver exact"));
        }
        if (l2 != null && !(l2 > 0 && Double.isFinite(l2))) {
            throw new IllegalArgumentException("--l2 must be a finite number > 0, was " + l2
                    + " (default 1/n, scikit-learn's C = 1; a tiny value such as 1e-8 barely penalises)");
        }
        return resolved;
    }

    /** LAMBDA for a training set of {@code rows} rows. */
    double l2(int rows) {
        return l2 != null ? l2 : 1.0 / rows;
    }

    private Solver parse() {
        if (solver == null) return null;
        return switch (solver.trim().toLowerCase(Locale.ROOT)) {
            case "exact" -> Solver.EXACT;
            case "sgd" -> Solver.SGD;
            default -> throw new IllegalArgumentException("--solver '" + solver + "' is unknown; use exact or sgd");
        };
    }
}
