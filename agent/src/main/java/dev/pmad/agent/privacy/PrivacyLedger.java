package dev.pmad.agent.privacy;

import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent's lifetime differential-privacy ledger: the Rényi-DP curve of everything the agent
 * has ever released about its dataset, per run and in total, and per run the mechanisms behind
 * it (so a PLD accountant can recompose them), kept in one file across runs and restarts. The
 * budget belongs to the data, not to a run: a new run starts from what earlier runs spent.
 *
 * <p>Design note.
 * <ul>
 *   <li><b>Charge, then release.</b> {@link #charge} returns only once the new total is on disk
 *       (file and directory fsync'd); the caller releases after that. A crash between the two
 *       over-counts a release that never happened, which costs budget but no privacy; the other
 *       order could forget a release that did happen.
 *   <li><b>Atomic replace.</b> Each write goes to a temp file beside the ledger, is forced to
 *       disk and renamed over it, so a reader or a crash sees the old ledger or the new one,
 *       never half of one. A leftover temp file from a crash is ignored and deleted on open.
 *   <li><b>Exclusive lock.</b> Two agents sharing a ledger would each write their own total
 *       over the other's: an OS lock on {@code FILE.lock}, held until {@link #close}, keeps a
 *       second writer out, in this JVM or another process. {@link #read} takes no lock and
 *       sees the last complete write.
 *   <li><b>Fail closed.</b> A failed write leaves this object exactly as before the call and
 *       throws {@link LedgerException}: the release must not happen. A file that fails its
 *       checksum or any consistency check is refused, never repaired or restarted from zero.
 * </ul>
 *
 * <p>Mutable and not thread-safe: confine it to the agent's loop thread. The file format is
 * described in {@link LedgerFormat}.
 */
public final class PrivacyLedger implements AutoCloseable {
    private final Clock clock;
    /** Whether writes are fsynced (see {@link #openThrowaway}). */
    private final boolean durable;
    private LedgerLock lock; // null once closed
    private LedgerSnapshot state; // replaced only after a successful write (or by setPolicy)

    private PrivacyLedger(LedgerLock lock, LedgerSnapshot state, Clock clock, boolean durable) {
        this.durable = durable;
        this.lock = lock;
        this.state = state;
        this.clock = clock;
    }

    /** The owner's lifetime budget: at most {@code epsilonBudget} at {@code delta}. */
    public record Policy(double epsilonBudget, double delta) {
        public Policy {
            if (!(epsilonBudget > 0) || Double.isInfinite(epsilonBudget)) {
                throw new IllegalArgumentException("epsilonBudget must be finite and > 0, was " + epsilonBudget
                        + ": it is the lifetime budget of this agent's data (DP_EPSILON)");
            }
            if (!(delta > 0 && delta < 1)) {
                throw new IllegalArgumentException("delta must be in (0, 1), was " + delta
                        + ": e.g. 1e-5, below 1 / number of records (DP_DELTA)");
            }
        }
    }

    /**
     * What one run released: how many releases, when the first and last were charged, the label
     * of the last one, their RDP curve (copied in and out) and, when every release of the run
     * named its mechanism, those mechanisms merged (null otherwise: a run charged before ledger
     * version 2, or with a bare curve), from which a PLD accountant recomposes the run.
     */
    public record Run(String runId, int releases, Instant first, Instant last, String lastRelease, double[] rdp,
                      List<Mechanism> mechanisms) {
        public Run {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            Objects.requireNonNull(lastRelease, "lastRelease");
            if (releases < 1) throw new IllegalArgumentException("releases must be >= 1, was " + releases);
            rdp = rdp.clone();
            mechanisms = mechanisms == null ? null : List.copyOf(mechanisms);
        }

        /** A run whose mechanisms are not known: only its RDP curve accounts for it. */
        public Run(String runId, int releases, Instant first, Instant last, String lastRelease, double[] rdp) {
            this(runId, releases, first, last, lastRelease, rdp, null);
        }

        @Override
        public double[] rdp() {
            return rdp.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Run r && runId.equals(r.runId) && releases == r.releases && first.equals(r.first)
                    && last.equals(r.last) && lastRelease.equals(r.lastRelease) && Arrays.equals(rdp, r.rdp)
                    && Objects.equals(mechanisms, r.mechanisms);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, releases, first, last, lastRelease, Arrays.hashCode(rdp), mechanisms);
        }

        @Override
        public String toString() {
            return "Run[runId=" + runId + ", releases=" + releases + ", first=" + first + ", last=" + last
                    + ", lastRelease=" + lastRelease + ", rdp=" + Arrays.toString(rdp) + ", mechanisms=" + mechanisms + "]";
        }
    }

    /** {@link #open(Path, boolean, Clock)} with the system clock. */
    public static PrivacyLedger open(Path file, boolean createIfMissing) {
        return open(file, createIfMissing, Clock.systemUTC());
    }

    /**
     * Locks and loads the ledger at {@code file}. If there is none, {@code createIfMissing}
     * creates an empty one over {@link RdpAccountant#defaultOrders()} and writes it at once;
     * pass true only on the first start for a dataset nothing was ever released about.
     *
     * @throws LedgerException if the file is missing (and not to be created), unreadable,
     *     corrupt, or locked by another agent
     */
    public static PrivacyLedger open(Path file, boolean createIfMissing, Clock clock) {
        return open(file, createIfMissing, clock, true);
    }

    /**
     * As {@link #open(Path, boolean)}, for a ledger nothing reads after this process: one in a
     * directory made for a single simulation and deleted with it. Writes stay atomic (temp file,
     * rename) but are not fsynced, as surviving a crash of the machine is what fsync buys and no
     * later run will read this ledger; with thousands of simulated agents, two fsyncs per agent
     * and release were most of a simulation's time. Never for an agent's real ledger.
     */
    public static PrivacyLedger openThrowaway(Path file) {
        return open(file, true, Clock.systemUTC(), false);
    }

    private static PrivacyLedger open(Path file, boolean createIfMissing, Clock clock, boolean durable) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        Path directory = LedgerFiles.directoryOf(file);
        if (!Files.isDirectory(directory)) {
            throw new LedgerException(file, "cannot open privacy ledger " + file + ": directory " + directory
                    + " does not exist; create it on storage that outlives the agent, or fix the path");
        }
        if (!createIfMissing && !Files.exists(file)) throw LedgerFormat.missing(file);
        LedgerLock lock = LedgerLock.acquire(file);
        try {
            LedgerFiles.deleteLeftoverTemp(file);
            LedgerSnapshot state;
            if (Files.exists(file)) {
                state = LedgerFormat.read(file);
            } else if (createIfMissing) {
                state = LedgerSnapshot.empty(file, RdpAccountant.defaultOrders());
                LedgerFiles.writeAtomically(file, LedgerFormat.encode(state), durable);
            } else {
                throw LedgerFormat.missing(file);
            }
            return new PrivacyLedger(lock, state, clock, durable);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Reads and validates the ledger exactly as {@link #open} does, but takes no lock and never
     * creates or changes anything: for looking at a ledger an agent may be using.
     */
    public static LedgerSnapshot read(Path file) {
        return LedgerFormat.read(Objects.requireNonNull(file, "file"));
    }

    public Path file() {
        return state.file();
    }

    /** @see LedgerSnapshot#orders() */
    public double[] orders() {
        return state.orders();
    }

    /** @see LedgerSnapshot#rdp() */
    public double[] rdp() {
        return state.rdp();
    }

    /** @see LedgerSnapshot#epsilon(double) */
    public double epsilon(double delta) {
        return state.epsilon(delta);
    }

    /** @see LedgerSnapshot#epsilonAfter(double[], double) */
    public double epsilonAfter(double[] curve, double delta) {
        return state.epsilonAfter(curve, delta);
    }

    /** @see LedgerSnapshot#epsilonAfter(List, double) */
    public double epsilonAfter(List<Mechanism> mechanisms, double delta) {
        return state.epsilonAfter(mechanisms, delta);
    }

    /** @see LedgerSnapshot#fitsAfter(List, double, double) */
    public boolean fitsAfter(List<Mechanism> mechanisms, double delta, double budget) {
        return state.fitsAfter(mechanisms, delta, budget);
    }

    /** The RDP curve of {@code mechanisms} over this ledger's orders: what charging them adds. */
    public double[] curveOf(List<Mechanism> mechanisms) {
        return state.curveOf(mechanisms);
    }

    /** @see LedgerSnapshot#policy() */
    public Optional<Policy> policy() {
        return state.policy();
    }

    /** @see LedgerSnapshot#runs() */
    public List<Run> runs() {
        return state.runs();
    }

    /** @see LedgerSnapshot#released(String) */
    public Optional<double[]> released(String key) {
        return state.released(key);
    }

    /** The ledger as it is now, immutable. */
    public LedgerSnapshot snapshot() {
        return state;
    }

    /**
     * Records the owner's current budget and delta; written with the next charge. It bounds
     * nothing here: the agent compares {@link #epsilonAfter} with it before charging.
     */
    public void setPolicy(double epsilonBudget, double delta) {
        requireOpen();
        state = state.withPolicy(new Policy(epsilonBudget, delta));
    }

    /**
     * Adds {@code curve} (the RDP of one release at each of {@link #orders()}, each &gt;= 0, may
     * be +Infinity) to the total and to run {@code runId}, labelled {@code release} (e.g. "round
     * 3 update"), and returns once that is durably on disk. Release only after it returns.
     *
     * @throws LedgerException if the ledger cannot be written; nothing changed, release nothing
     */
    public void charge(String runId, String release, double[] curve) {
        charge(runId, release, curve, null, null);
    }

    /**
     * Charges {@code mechanisms} (their RDP curve over {@link #orders()}, and the mechanisms
     * themselves, so that the run can be recomposed by a PLD accountant) to run {@code runId}.
     * An empty list charges a release that costs nothing. Release only after it returns.
     *
     * @throws LedgerException if the ledger cannot be written; nothing changed, release nothing
     */
    public void charge(String runId, String release, List<Mechanism> mechanisms) {
        charge(runId, release, mechanisms, null, null);
    }

    /** As {@link #charge(String, String, List)}, storing {@code values} under {@code key} in the same write. */
    public void charge(String runId, String release, List<Mechanism> mechanisms, String key, double[] values) {
        Objects.requireNonNull(mechanisms, "mechanisms");
        chargeCurve(runId, release, state.curveOf(mechanisms), mechanisms, key, values);
    }

    /**
     * As {@link #charge(String, String, double[])}, and stores {@code values} under {@code key} in
     * the same write. For a noised value released once and sent again later (e.g. the row count
     * in a JOIN): send {@link #released}{@code (key)} again, which costs nothing, instead of
     * fresh noise, which would cost again and could be averaged out. Each key is stored once.
     */
    public void charge(String runId, String release, double[] curve, String key, double[] values) {
        chargeCurve(runId, release, curve, null, key, values);
    }

    private void chargeCurve(String runId, String release, double[] curve, List<Mechanism> mechanisms, String key,
                             double[] values) {
        requireOpen();
        if (runId == null || runId.isBlank()) throw new IllegalArgumentException("runId must not be blank");
        Objects.requireNonNull(release, "release");
        if (key != null) {
            requireValues(key, values);
        }
        LedgerSnapshot next = state.charged(runId, release, curve, mechanisms, clock.instant(), key, values);
        LedgerFiles.writeAtomically(state.file(), LedgerFormat.encode(next), durable);
        state = next;
    }

    /** Releases the lock; further charges are refused. Idempotent. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    private void requireValues(String key, double[] values) {
        if (key.isBlank()) throw new IllegalArgumentException("key must not be blank");
        if (state.released(key).isPresent()) {
            throw new IllegalArgumentException("values under '" + key + "' were already released (ledger " + file()
                    + "); send released(\"" + key + "\") again instead of charging fresh noise");
        }
        if (values == null) throw new IllegalArgumentException("values for '" + key + "' must not be null");
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] for '" + key + "' is " + values[i] + ", must be finite");
            }
        }
    }

    private void requireOpen() {
        if (lock == null) throw new IllegalStateException("privacy ledger " + file() + " is closed");
    }
}
