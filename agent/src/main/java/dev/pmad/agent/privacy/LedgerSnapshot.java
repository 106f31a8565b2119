package dev.pmad.agent.privacy;

import dev.pmad.agent.privacy.PrivacyLedger.Policy;
import dev.pmad.agent.privacy.PrivacyLedger.Run;
import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.accounting.PldAccountant;
import dev.pmad.privacy.accounting.RdpAccountant;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a privacy ledger held at one moment: immutable, validated, and safe to share between
 * threads. {@link PrivacyLedger#read} gives one without taking the ledger's lock, for tools that
 * only look (e.g. {@code pmad ledger show}) while an agent keeps writing; it does not change when
 * the file does. To charge releases, use {@link PrivacyLedger}.
 *
 * <p><b>Epsilon.</b> Every epsilon here is the smaller of two valid bounds on the same releases:
 * RDP over the summed curves (always available, composes anything) and, when every run involved
 * recorded its mechanisms, the PLD accountant over those mechanisms (tighter, the accountant runs
 * are calibrated with). A run charged without mechanisms (an older ledger) leaves RDP as the
 * only bound wherever it is included.
 */
public final class LedgerSnapshot {
    private final Path file;
    private final double[] orders;
    private final double[] rdp;
    private final Policy policy; // null: none recorded
    private final List<Run> runs; // in the order of their first charge
    private final SortedMap<String, double[]> released; // arrays never leave this class uncopied
    private final Map<Double, Double> lifetimeEpsilon = new ConcurrentHashMap<>(); // by delta: PLD is costly

    /** Trusts its arguments: callers are the file format's validation and {@link #charged}. */
    LedgerSnapshot(Path file, double[] orders, double[] rdp, Policy policy, List<Run> runs,
                   SortedMap<String, double[]> released) {
        this.file = file;
        this.orders = orders;
        this.rdp = rdp;
        this.policy = policy;
        this.runs = List.copyOf(runs);
        this.released = Collections.unmodifiableSortedMap(new TreeMap<>(released));
    }

    /** A ledger over {@code orders} with nothing spent and no policy. */
    static LedgerSnapshot empty(Path file, double[] orders) {
        return new LedgerSnapshot(file, orders.clone(), new double[orders.length], null, List.of(), new TreeMap<>());
    }

    /** The ledger file this was read from (or is to be written to). */
    public Path file() {
        return file;
    }

    /** A copy of the Rényi orders every curve in this ledger is given at. */
    public double[] orders() {
        return orders.clone();
    }

    /** A copy of the total RDP spent at each order: the sum of all runs' curves. */
    public double[] rdp() {
        return rdp.clone();
    }

    /** Epsilon spent over the ledger's whole life at {@code delta}; 0 when nothing was spent. */
    public double epsilon(double delta) {
        return lifetimeEpsilon.computeIfAbsent(delta, d -> tightest(rdp, allMechanisms(List.of()), d));
    }

    /**
     * Epsilon that would be spent at {@code delta} after also releasing {@code curve}, whose
     * mechanisms are not known, so under RDP only; changes nothing.
     */
    public double epsilonAfter(double[] curve, double delta) {
        return RdpAccountant.epsilonFromRdp(orders, plus(rdp, requireCurve(curve)), delta);
    }

    /** Epsilon that would be spent at {@code delta} after also releasing {@code mechanisms}; changes nothing. */
    public double epsilonAfter(List<Mechanism> mechanisms, double delta) {
        return tightest(plus(rdp, curveOf(mechanisms)), allMechanisms(mechanisms), delta);
    }

    /**
     * Whether releasing {@code mechanisms} keeps the lifetime epsilon at {@code delta} within
     * {@code budget} (with 1e-9 relative tolerance for rounding); asks the costly PLD accountant
     * only when RDP alone does not show it.
     */
    public boolean fitsAfter(List<Mechanism> mechanisms, double delta, double budget) {
        double limit = budget * (1 + 1e-9);
        double[] after = plus(rdp, curveOf(mechanisms));
        if (RdpAccountant.epsilonFromRdp(orders, after, delta) <= limit) return true;
        return tightest(after, allMechanisms(mechanisms), delta) <= limit;
    }

    /** Epsilon spent at {@code delta} by one run alone. */
    public double epsilon(Run run, double delta) {
        return tightest(run.rdp(), run.mechanisms(), delta);
    }

    /** Epsilon at {@code delta} of one run after also releasing {@code mechanisms} in it (the run may be new). */
    public double epsilonOfRunAfter(String runId, List<Mechanism> mechanisms, double delta) {
        int index = indexOf(runId);
        double[] curve = curveOf(mechanisms);
        if (index < 0) return tightest(curve, merged(List.of(), mechanisms), delta);
        Run run = runs.get(index);
        return tightest(plus(run.rdp(), curve), run.mechanisms() == null ? null : merged(run.mechanisms(), mechanisms),
                delta);
    }

    /** The RDP curve of {@code mechanisms} over this ledger's orders. */
    public double[] curveOf(List<Mechanism> mechanisms) {
        RdpAccountant accountant = new RdpAccountant(orders);
        mechanisms.forEach(m -> m.composeInto(accountant));
        return accountant.rdp();
    }

    /** The smaller of RDP over {@code curve} and, if {@code mechanisms} is known, PLD over them. */
    private double tightest(double[] curve, List<Mechanism> mechanisms, double delta) {
        double byRdp = RdpAccountant.epsilonFromRdp(orders, curve, delta);
        if (mechanisms == null || byRdp == 0) return byRdp;
        return Math.min(byRdp, PldAccountant.epsilonOf(mechanisms, delta));
    }

    /** Every run's mechanisms and {@code more}, or null if some run's are unknown. */
    private List<Mechanism> allMechanisms(List<Mechanism> more) {
        List<Mechanism> all = new ArrayList<>();
        for (Run run : runs) {
            if (run.mechanisms() == null) return null;
            all = merged(all, run.mechanisms());
        }
        return merged(all, more);
    }

    /** {@code base} with {@code more} added, counts of the same mechanism summed, in order of first appearance. */
    static List<Mechanism> merged(List<Mechanism> base, List<Mechanism> more) {
        List<Mechanism> out = new ArrayList<>(base);
        for (Mechanism m : more) {
            if (m.count() == 0) continue;
            int i = 0;
            while (i < out.size() && !out.get(i).sameMechanism(m)) i++;
            if (i < out.size()) out.set(i, out.get(i).plus(m.count()));
            else out.add(m);
        }
        return out;
    }

    /** The owner's budget and delta as last recorded, if ever. */
    public Optional<Policy> policy() {
        return Optional.ofNullable(policy);
    }

    /** Every run that released anything, in the order of its first release. */
    public List<Run> runs() {
        return runs;
    }

    /** A copy of the values released once under {@code key}, if any. */
    public Optional<double[]> released(String key) {
        double[] values = released.get(key);
        return values == null ? Optional.empty() : Optional.of(values.clone());
    }

    /** The keys of all values released once, sorted. */
    public List<String> releasedKeys() {
        return List.copyOf(released.keySet());
    }

    /**
     * This ledger with {@code curve} charged to {@code runId}, the run's mechanisms extended by
     * {@code mechanisms} (null: not known, and then the run's stay unknown), and, if {@code key}
     * is not null, {@code values} stored.
     */
    LedgerSnapshot charged(String runId, String release, double[] curve, List<Mechanism> mechanisms, Instant now,
                           String key, double[] values) {
        double[] checked = requireCurve(curve);
        List<Run> nextRuns = new ArrayList<>(runs);
        int index = indexOf(runId);
        if (index < 0) {
            nextRuns.add(new Run(runId, 1, now, now, release, checked,
                    mechanisms == null ? null : merged(List.of(), mechanisms)));
        } else {
            Run run = runs.get(index);
            List<Mechanism> known = run.mechanisms() == null || mechanisms == null ? null
                    : merged(run.mechanisms(), mechanisms);
            nextRuns.set(index, new Run(runId, run.releases() + 1, run.first(), now, release, plus(run.rdp(), checked),
                    known));
        }
        SortedMap<String, double[]> nextReleased = new TreeMap<>(released);
        if (key != null) {
            nextReleased.put(key, values.clone());
        }
        return new LedgerSnapshot(file, orders, plus(rdp, checked), policy, nextRuns, nextReleased);
    }

    LedgerSnapshot withPolicy(Policy next) {
        return new LedgerSnapshot(file, orders, rdp, next, runs, released);
    }

    boolean hasReleased(String key) {
        return released.containsKey(key);
    }

    /** A copy of {@code curve} if it is an RDP curve over this ledger's orders, else IllegalArgumentException. */
    double[] requireCurve(double[] curve) {
        if (curve == null || curve.length != orders.length) {
            throw new IllegalArgumentException("curve must give the RDP at each of the ledger's " + orders.length
                    + " orders (PrivacyLedger.orders()), had " + (curve == null ? "null" : curve.length + " values"));
        }
        for (int k = 0; k < curve.length; k++) {
            if (!(curve[k] >= 0)) {
                throw new IllegalArgumentException("curve[" + k + "] is " + curve[k] + " at order " + orders[k]
                        + ": RDP is >= 0 (+Infinity allowed); compute it with RdpAccountant over PrivacyLedger.orders()");
            }
        }
        return curve.clone();
    }

    private int indexOf(String runId) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).runId().equals(runId)) return i;
        }
        return -1;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] sum = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            sum[k] = a[k] + b[k];
        }
        return sum;
    }
}
