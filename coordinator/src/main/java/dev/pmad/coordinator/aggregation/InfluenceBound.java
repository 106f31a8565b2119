package dev.pmad.coordinator.aggregation;

import dev.pmad.coordinator.run.BoundedUpdate;
import dev.pmad.protocol.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Bounds what one agent can do to a round, before any strategy sees the updates: no agent weighs
 * more than {@code sampleCap} times the round's median declared row count, and no vector it sends
 * is longer than {@code normBound} times the round's median length of that vector.
 *
 * <p><b>Why.</b> The coordinator cannot check what an agent declares or computes. Weighted FedAvg
 * weighs an update by the rows its sender claims, so one claim of 10^9 rows makes that agent the
 * model; an update scaled by -10 outweighs four honest ones. Norm bounding (Sun, Kairouz, Suresh
 * and McMahan 2019, "Can You Really Backdoor Federated Learning?", Section 4: clip every update to
 * norm M before averaging) limits that; here M is relative, {@code normBound} times the median norm
 * of the round (as Yin et al.'s and later robust-aggregation work use the median as the honest
 * scale), because a fixed M would have to be tuned per dataset and per round. With m agents and an
 * honest majority the median is an honest agent's norm, so one agent moves a weighted mean by at
 * most {@code sampleCap * normBound * median / (its capped weight + the others')}.
 *
 * <p>Applied to every quantity an update carries: the weight delta, federated Newton's gradient
 * sum and curvature (a Hessian or Gram matrix scaled by 1000 would otherwise freeze or flip the
 * step), and SCAFFOLD's control-variate change. A quantity only some agents send this round (a
 * Gram matrix sent once per run) is bounded among those that sent it.
 *
 * <p><b>What it costs.</b> Honest agents above the bound are bounded too: an agent with four times
 * the median rows weighs {@code sampleCap} medians, and under strong label skew an honest agent's
 * update can exceed the median norm several times (the defaults leave such an agent alone on the
 * bundled data; {@code 0} turns either bound off). For federated Newton the bound on the gradient
 * is what moves its fixed point off the exact optimum when it binds; the round's summary lists
 * every bounded agent, so a user sees when that happens.
 *
 * <p><b>When not to use it.</b> Central DP mode bounds influence by its own clip to DP_CLIP_NORM
 * and a uniform mean; a second, data-dependent clip would change what its noise hides, so the
 * coordinator does not apply this one there.
 *
 * @param sampleCap multiple of the round's median declared rows an agent weighs at most; 0 = no cap
 * @param normBound multiple of the round's median norm an update's vectors may have; 0 = unbounded
 */
public record InfluenceBound(double sampleCap, double normBound) {
    /** Defaults: see docs/trust.md for how they were chosen. */
    public static final double DEFAULT_SAMPLE_CAP = 10;
    public static final double DEFAULT_NORM_BOUND = 4;
    public static final InfluenceBound DEFAULT = new InfluenceBound(DEFAULT_SAMPLE_CAP, DEFAULT_NORM_BOUND);
    public static final InfluenceBound OFF = new InfluenceBound(0, 0);

    public InfluenceBound {
        check(sampleCap, "SAMPLE_CAP", "a multiple of the round's median declared row count");
        check(normBound, "NORM_BOUND", "a multiple of the round's median update norm");
    }

    private static void check(double value, String name, String what) {
        if (!(value == 0 || (value >= 1 && Double.isFinite(value)))) {
            throw new IllegalArgumentException(name + " must be 0 (off) or a number >= 1 (" + what + "), was " + value);
        }
    }

    /** Whether this bound changes anything. */
    public boolean active() {
        return sampleCap > 0 || normBound > 0;
    }

    /** The round's updates after the bound, in the same order, without the left-out ones, and what was changed. */
    public record Result(List<AgentUpdate> updates, List<BoundedUpdate> bounded) {}

    /** How far over the bound a vector may be and still be clipped; beyond, its update is left out of the round. */
    public static final double LEAVE_OUT_FACTOR = 2;

    /** {@link #apply(List, int)} for a strategy that takes any number of updates. */
    public Result apply(List<AgentUpdate> updates) {
        return apply(updates, 1);
    }

    /**
     * Applies the bound to one round's updates; pure: the arguments are not modified.
     *
     * @param minKept the fewest updates the strategy accepts (Krum's 2f + 3): when leaving updates
     *                out would keep fewer, they are clipped to the bound instead, so the bound
     *                never costs the round
     */
    public Result apply(List<AgentUpdate> updates, int minKept) {
        if (updates.isEmpty() || !active()) return new Result(List.copyOf(updates), List.of());
        Result result = apply(updates, LEAVE_OUT_FACTOR);
        return result.updates().size() >= Math.min(minKept, updates.size()) ? result
                : apply(updates, Double.POSITIVE_INFINITY);
    }

    private Result apply(List<AgentUpdate> updates, double leaveOutFactor) {
        List<AgentUpdate> out = new ArrayList<>(updates);
        List<BoundedUpdate> bounded = new ArrayList<>();
        if (sampleCap > 0) capSamples(out, bounded);
        if (normBound > 0) {
            // Every quantity's median is taken over the updates as sent (after the row cap), so
            // the order in which quantities are checked changes nothing.
            List<AgentUpdate> capped = List.copyOf(out);
            for (Quantity q : QUANTITIES) bound(capped, out, bounded, q, leaveOutFactor);
            Set<String> leftOut = new HashSet<>();
            for (BoundedUpdate b : bounded) if (b.leftOut()) leftOut.add(b.agent());
            out.removeIf(u -> leftOut.contains(u.agent()));
        }
        return new Result(List.copyOf(out), List.copyOf(bounded));
    }

    private void capSamples(List<AgentUpdate> updates, List<BoundedUpdate> bounded) {
        double[] samples = updates.stream().mapToDouble(AgentUpdate::samples).toArray();
        // floor, so the cap is a whole row count; never below 1, a weight FedAvg accepts.
        long cap = Math.max(1, (long) Math.floor(sampleCap * median(samples)));
        for (int i = 0; i < updates.size(); i++) {
            AgentUpdate u = updates.get(i);
            if (u.samples() <= cap) continue;
            bounded.add(new BoundedUpdate(u.agent(), "samples", u.samples(), cap, false));
            updates.set(i, new AgentUpdate(u.agent(), u.delta(), (int) cap, u.trainLoss(), u.epsilonSpent(),
                    u.trainSeconds(), u.gradient(), u.curvature(), u.control(), u.unclipped()));
        }
    }

    private interface Replace {
        AgentUpdate apply(AgentUpdate update, Weights replacement);
    }

    /** One vector an update may carry; {@code perRow}: a sum over the agent's rows, bounded per row. */
    private record Quantity(String name, boolean perRow, Function<AgentUpdate, Weights> field, Replace replace) {}

    private static final List<Quantity> QUANTITIES = List.of(
            new Quantity("delta", false, AgentUpdate::delta, (u, w) -> with(u, w, u.gradient(), u.curvature(), u.control())),
            new Quantity("gradient", true, AgentUpdate::gradient, (u, w) -> with(u, u.delta(), w, u.curvature(), u.control())),
            new Quantity("curvature", true, AgentUpdate::curvature, (u, w) -> with(u, u.delta(), u.gradient(), w, u.control())),
            new Quantity("control", false, AgentUpdate::control, (u, w) -> with(u, u.delta(), u.gradient(), u.curvature(), w)));

    /**
     * Clips quantity {@code q} of every update in {@code out} to the bound, or marks the update
     * left out when the vector is more than {@code leaveOutFactor} times over it or not finite (a
     * non-finite vector is zeroed when nothing may be left out). The bound of a sum over rows
     * (gradient, curvature) is per row: {@code normBound} times the median of norm / rows, times
     * the agent's (capped) rows, so an agent holding many rows is not mistaken for a hostile one.
     */
    private void bound(List<AgentUpdate> capped, List<AgentUpdate> out, List<BoundedUpdate> bounded, Quantity q,
                       double leaveOutFactor) {
        List<Integer> senders = new ArrayList<>();
        List<Double> perRow = new ArrayList<>();
        for (int i = 0; i < capped.size(); i++) {
            Weights w = q.field().apply(capped.get(i));
            if (w.size() == 0) continue;
            senders.add(i);
            perRow.add(norm(w) / rows(capped.get(i), q));
        }
        if (senders.isEmpty()) return;
        double perRowLimit = normBound * median(perRow.stream().mapToDouble(Double::doubleValue).toArray());
        for (int k = 0; k < senders.size(); k++) {
            int i = senders.get(k);
            AgentUpdate u = capped.get(i);
            double rows = rows(u, q);
            double sent = perRow.get(k) * rows;
            double limit = perRowLimit * rows;
            if (Double.isFinite(sent) && sent <= limit) continue;
            boolean finite = Double.isFinite(sent);
            if ((!finite && leaveOutFactor < Double.POSITIVE_INFINITY) || sent > leaveOutFactor * limit) {
                bounded.add(new BoundedUpdate(u.agent(), q.name(), sent, limit, true));
                continue;
            }
            Weights w = q.field().apply(u);
            double scale = limit / sent;
            double[] v = new double[w.size()];
            if (finite) for (int j = 0; j < v.length; j++) v[j] = w.get(j) * scale;
            bounded.add(new BoundedUpdate(u.agent(), q.name(), sent, limit, false));
            out.set(i, q.replace().apply(out.get(i), Weights.of(v)));
        }
    }

    /** Sums over rows grow with them; a weight delta does not. */
    private static double rows(AgentUpdate u, Quantity q) {
        return q.perRow() ? Math.max(1, u.samples()) : 1;
    }

    private static AgentUpdate with(AgentUpdate u, Weights delta, Weights gradient, Weights curvature, Weights control) {
        return new AgentUpdate(u.agent(), delta, u.samples(), u.trainLoss(), u.epsilonSpent(), u.trainSeconds(), gradient,
                curvature, control, u.unclipped());
    }

    static double norm(Weights w) {
        double sum = 0;
        for (int i = 0; i < w.size(); i++) sum += w.get(i) * w.get(i);
        return Math.sqrt(sum);
    }

    /** The median; with an even count the mean of the two middle values. Non-finite values sort last. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        for (int i = 0; i < sorted.length; i++) if (Double.isNaN(sorted[i])) sorted[i] = Double.POSITIVE_INFINITY;
        Arrays.sort(sorted);
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : sorted[m / 2 - 1] / 2 + sorted[m / 2] / 2;
    }
}
