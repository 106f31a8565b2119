package dev.pmad.agent.privacy;

import dev.pmad.privacy.NoiseKind;
import dev.pmad.privacy.PrivacyMode;
import dev.pmad.privacy.accounting.Mechanism;
import dev.pmad.privacy.mechanism.Clipping;
import dev.pmad.privacy.mechanism.LatticeRelease;
import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.privacy.plan.PrivacyPlanner;
import dev.pmad.privacy.plan.RoundCost;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.Procedure;
import dev.pmad.protocol.RoundStart;
import dev.pmad.secagg.DistributedDp;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The agent's privacy boundary: its owner's {@link AgentPolicy}, its lifetime {@link
 * PrivacyLedger}, and the release step. Used only from the agent's loop thread.
 *
 * <p><b>Whom it protects against.</b> The coordinator. Nothing it sends is trusted: the mode, the
 * delta, the clip norm and the noise multiplier of a round are checked against the owner's
 * policy, the cost of the round is computed here from the agent's own row count, and epsilon is
 * computed at the owner's delta, not the run's.
 *
 * <p><b>Order of a round.</b> {@link #beforeRound} checks, then charges the round's cost to the
 * ledger, which is written and fsync'd before it returns; only then may the agent train and
 * release. A crash after the charge over-counts a round that was never released; the reverse
 * order could under-count one that was, which is never allowed.
 *
 * <p><b>Two limits.</b> The dataset's lifetime budget ({@code AGENT_DP_EPSILON} at {@code
 * AGENT_DP_DELTA}) over everything in the ledger, and the run's own plan (the budget it
 * announced, at its delta), so a coordinator asking for more rounds or epochs than it planned is
 * refused even where the lifetime budget would allow it. Within a run the privacy settings may
 * not change from one round to the next.
 *
 * <p><b>Client sampling.</b> A central-mode round names the rate at which the coordinator draws
 * agents, secretly; the agent trusts it as central mode trusts the coordinator with its clipped
 * update, and charges the whole run (its planned rounds, each the coordinator's discrete
 * Gaussian on a Poisson subsample under replace-one, {@link
 * dev.pmad.privacy.accounting.Mechanism#sampledDiscreteGaussian}) the first time it is drawn.
 * Other modes ignore the rate: the coordinator they protect against knows whom it drew, so each
 * round an agent takes part in costs what it costs without sampling.
 *
 * <p><b>One accountant.</b> Both limits are checked with {@link PrivacyPlanner#ACCOUNTANT}, the
 * smaller epsilon of PLD and RDP, from the mechanisms the ledger keeps per run: the coordinator
 * calibrates with the same one, so a run it planned is a run the agent accepts, to its last round
 * and not one more, also after an agent restart. Each bound is valid on its own, so their
 * minimum is; the RDP curve is still charged, and alone decides for runs recorded without
 * mechanisms. PLD is asked only when RDP alone does not already show that a release fits. A
 * sampled central run's mechanism is recorded as replace-one ({@link
 * dev.pmad.privacy.accounting.Neighbours}), so PLD composes the replace-one pair for it, never
 * the add/remove one.
 */
public final class AgentPrivacy {
    private final AgentPolicy policy;
    private final PrivacyLedger ledger;
    private final RandomGenerator random;
    private final AggregateRelease aggregates;
    /** The privacy settings each run started with; a run may not change them. */
    private final Map<String, PrivacyParams> runSettings = new HashMap<>();
    /** Record mode: the noise multiplier this agent calibrated for each run from its true row count. */
    private final Map<String, Double> ownRecordNoise = new HashMap<>();
    /** Central mode with client sampling: the rounds each run was charged for, in full, when first drawn. */
    private final Map<String, Integer> sampledRunRounds = new HashMap<>();

    /** With the secure generator; the ledger is the agent's own and stays open as long as it is. */
    public AgentPrivacy(AgentPolicy policy, PrivacyLedger ledger) {
        this(policy, ledger, RandomSources.secureRandom());
    }

    /** With a given generator; pass a seeded one only in tests (a known seed gives no privacy). */
    public AgentPrivacy(AgentPolicy policy, PrivacyLedger ledger, RandomGenerator random) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
        this.ledger = java.util.Objects.requireNonNull(ledger, "ledger");
        this.random = java.util.Objects.requireNonNull(random, "random");
        this.aggregates = new AggregateRelease(policy, ledger, random);
        // Recorded for 'pmad ledger show'; a simulation's unbounded budget has nothing to record.
        if (!policy.unboundedLifetime()) ledger.setPolicy(policy.lifetimeEpsilon(), policy.delta());
    }

    /**
     * The outcome of the pre-round check, and what the release must apply.
     *
     * @param runEpsilon  the run's epsilon at the run's delta after this round (what the
     *                    coordinator reports)
     * @param ledgerAfter the ledger as charged for this round (null when refused)
     * @param ownerDelta  the owner's delta, at which {@link #lifetimeEpsilon} is computed
     * @param newton      the round asks for federated Newton's sums, not local training
     * @param adaptiveClip the round's update must say whether clipping left it unchanged ({@link #unclipped})
     * @param distributed distributed DP's lattice and noise, when this central round is aggregated
     *                    securely and this agent adds its share of the noise; null otherwise
     */
    public record Decision(boolean allowed, String reason, PrivacyMode mode, NoiseKind noise, double clipNorm,
                           double noiseMultiplier, double runEpsilon, LedgerSnapshot ledgerAfter, double ownerDelta,
                           RoundCost cost, boolean newton, boolean adaptiveClip, DistributedDp distributed) {
        /** Not distributed DP. */
        public Decision(boolean allowed, String reason, PrivacyMode mode, NoiseKind noise, double clipNorm,
                        double noiseMultiplier, double runEpsilon, LedgerSnapshot ledgerAfter, double ownerDelta,
                        RoundCost cost, boolean newton, boolean adaptiveClip) {
            this(allowed, reason, mode, noise, clipNorm, noiseMultiplier, runEpsilon, ledgerAfter, ownerDelta, cost, newton,
                    adaptiveClip, null);
        }

        public boolean recordLevel() {
            return mode == PrivacyMode.RECORD;
        }

        /** A DP round: nothing but the processed update may leave, so no exact loss either. */
        public boolean dp() {
            return mode != PrivacyMode.NONE;
        }

        /**
         * Everything the ledger holds after this round, at the owner's delta; 0 for a refused
         * round. Computed when first asked (PLD over the whole ledger is not free), then kept.
         */
        public double lifetimeEpsilon() {
            return ledgerAfter == null ? 0 : ledgerAfter.epsilon(ownerDelta);
        }
    }

    public AgentPolicy policy() {
        return policy;
    }

    public PrivacyLedger ledger() {
        return ledger;
    }

    /** Row counts, feature statistics and evaluation counts as they may leave. */
    public AggregateRelease aggregates() {
        return aggregates;
    }

    /**
     * Checks a round against the policy, the run's plan and the lifetime budget and, if allowed,
     * charges its cost to the ledger before returning. Nothing here touches the data.
     *
     * @throws LedgerException when the charge cannot be written: then nothing may be released
     */
    public Decision beforeRound(RoundStart start, int samples) {
        PrivacyParams p = start.privacy();
        PrivacyMode mode;
        NoiseKind noise;
        try {
            mode = PrivacyMode.parse(p.mode(), "privacy.mode");
            noise = NoiseKind.parse(p.noise(), "privacy.noise");
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        if (!policy.accepts(mode)) {
            return refuse("the run asks for privacy mode " + mode.wireName() + ", which this agent's owner does not accept"
                    + " (AGENT_DP_MODES=" + policy.modesText() + ")");
        }
        PrivacyParams first = runSettings.putIfAbsent(start.runId(), p);
        // A run that declared adaptive clipping at its first round may move its clip norm, and
        // only that: central noise scales with this round's clip, so the round costs what the
        // multiplier says whatever the clip (Andrew et al. 2021); mode, noise, multiplier, budget,
        // delta and sampling rate stay as the run began.
        boolean clipMoved = first != null && first.adaptiveClip() && first.withClipNorm(p.clipNorm()).equals(p);
        if (first != null && !first.equals(p) && !clipMoved) {
            return refuse("the run changed its privacy settings mid-run, from " + describe(first) + " to " + describe(p)
                    + (first.adaptiveClip() ? " (an adaptive-clipping run may change its clip norm, nothing else)" : ""));
        }
        boolean newton = Procedure.NEWTON.equals(start.training().procedure().kind());
        if (newton && (mode == PrivacyMode.LOCAL || mode == PrivacyMode.CENTRAL)) {
            // Newton's gradient and curvature are sums over this agent's rows, not a clipped update:
            // local and central mode have no sensitivity bound for them.
            return refuse("the run asks for federated Newton statistics in privacy mode " + mode.wireName()
                    + ", which bounds only weight updates; Newton runs without DP or in record mode");
        }
        if (Procedure.SCAFFOLD.equals(start.training().procedure().kind()) && mode != PrivacyMode.NONE) {
            // The change of the control variate is computed from the rows like the delta, but no
            // mode here clips, noises or accounts for it: fail closed rather than send it bare.
            return refuse("the run asks for SCAFFOLD in privacy mode " + mode.wireName() + ", whose control-variate"
                    + " change is a second release from this agent's rows that this agent does not clip, noise or charge;"
                    + " SCAFFOLD runs only without DP (fedprox and fedavg run in every mode)");
        }
        if (mode == PrivacyMode.NONE) {
            return new Decision(true, "", mode, noise, 0, 0, 0, ledger.snapshot(), policy.delta(), null, newton, false);
        }
        if (!(p.noiseMultiplier() > 0) || !(p.clipNorm() > 0) || !(p.delta() > 0 && p.delta() < 1) || !(p.epsilonBudget() > 0)) {
            return refuse("privacy mode " + p.mode() + " with noise multiplier " + p.noiseMultiplier() + ", clip norm "
                    + p.clipNorm() + ", delta " + p.delta() + " and budget " + p.epsilonBudget()
                    + " would release an unprotected update");
        }
        if (p.delta() > policy.delta()) {
            return refuse(String.format(Locale.ROOT, "the run's delta %.1e is above this agent's AGENT_DP_DELTA=%.1e;"
                    + " lower the coordinator's DP_DELTA", p.delta(), policy.delta()));
        }
        if (mode == PrivacyMode.RECORD && p.delta() >= 1.0 / samples) {
            return refuse("the run's delta " + p.delta() + " is not below 1/n for this agent's " + samples
                    + " training rows: record-level DP with it could reveal a whole record");
        }
        if (p.clipNorm() > policy.maxClipNorm()) {
            // The clip norm is the sensitivity every epsilon is computed for: a larger one than
            // the owner agreed to would make the accounting a promise about someone else's bound.
            return refuse("the round's clip norm " + p.clipNorm() + " is above this agent's AGENT_DP_MAX_CLIP_NORM="
                    + policy.maxClipNorm() + "; lower the coordinator's DP_CLIP_NORM or raise the agent's cap");
        }
        if (p.noiseMultiplier() < policy.minNoiseMultiplier()) {
            return refuse("the round's noise multiplier " + p.noiseMultiplier() + " is below this agent's"
                    + " AGENT_DP_MIN_NOISE_MULTIPLIER=" + policy.minNoiseMultiplier());
        }
        double z = p.noiseMultiplier();
        DistributedDp distributed = null;
        if (mode == PrivacyMode.CENTRAL && start.secure().enabled()) {
            // Distributed DP (KLS 2021): this agent adds its share of the noise; the round is charged
            // as the sum of the threshold's t agents' noise, z_eff, all from settings checked here.
            String problem = distributedProblem(start);
            if (problem != null) return refuse(problem);
            try {
                distributed = DistributedDp.of(p.clipNorm(), p.noiseMultiplier(), start.secure().threshold(),
                        start.secure().agents().size(), start.shape().size(), start.secure().bits());
            } catch (IllegalArgumentException e) {
                return refuse("distributed DP cannot run with this round's settings: " + e.getMessage());
            }
            z = distributed.effectiveNoiseMultiplier();
            if (z < policy.minNoiseMultiplier()) {
                return refuse("the round's distributed noise, sum of " + start.secure().threshold() + " agents' shares,"
                        + " is worth noise multiplier " + z + ", below this agent's AGENT_DP_MIN_NOISE_MULTIPLIER="
                        + policy.minNoiseMultiplier());
            }
        }
        if (mode == PrivacyMode.RECORD) {
            // The coordinator calibrated with the row count this agent released, which may be
            // noised: calibrate with the true one and keep the larger noise, so the run's plan holds.
            double own;
            try {
                own = ownRecordNoise.computeIfAbsent(start.runId(), id -> newton
                        ? PrivacyPlanner.newtonNoiseMultiplier(p.epsilonBudget(), p.delta(), start.targetRounds())
                        : PrivacyPlanner.noiseMultiplier(PrivacyMode.RECORD, noise, p.epsilonBudget(), p.delta(),
                                start.targetRounds(), samples, start.training().batchSize(), start.training().epochs()));
            } catch (IllegalArgumentException e) {
                return refuse("cannot calibrate record-level noise for the run's plan: " + e.getMessage());
            }
            z = Math.max(z, own);
        }
        // Record-mode Newton releases the Gram matrix once per run: asked again (a restart, a
        // late joiner), the agent resends the noised matrix its ledger kept, which costs nothing.
        boolean gramReleased = newton && ledger.released(gramKey(start.runId())).isPresent();
        boolean releaseGram = newton && start.training().procedure().curvature() && !gramReleased;
        // What the run spent before, kept in the ledger so that an agent restart does not forget it.
        var run = ledger.runs().stream().filter(r -> r.runId().equals(start.runId())).findFirst();
        boolean runStarted = run.isPresent() && !isZero(run.get().rdp());
        RoundCost cost;
        List<Mechanism> releases;
        int plannedRounds; // rounds still to come, this one included, that the plan check counts
        if (mode == PrivacyMode.CENTRAL && p.samplingRate() < 1) {
            // Client sampling: the coordinator draws each agent into a round with this probability,
            // secretly, and the run costs `targetRounds` sampled discrete Gaussian rounds whether or
            // not this agent is drawn (the others cannot tell). It is charged once, in full, the first
            // time this agent is drawn: charging only the rounds it is drawn in would under-count,
            // and a round it learns nothing about cannot be charged before it happens. An agent
            // never drawn never learns of the run and releases nothing in it.
            Integer charged = sampledRunRounds.get(start.runId());
            if (charged != null && start.round() > charged) {
                return refuse("round " + start.round() + " is beyond the " + charged + " rounds of run " + start.runId()
                        + " this agent was charged for");
            }
            cost = PrivacyPlanner.centralRoundCost(z, p.samplingRate());
            boolean chargedBefore = charged != null || runStarted;
            releases = chargedBefore ? List.of() : cost.mechanismsTimes(start.targetRounds());
            plannedRounds = 1;
        } else {
            cost = newton ? PrivacyPlanner.newtonRoundCost(z, releaseGram ? 2 : 1)
                    : PrivacyPlanner.roundCost(mode, noise, z, samples, start.training().batchSize(), start.training().epochs());
            releases = cost.mechanisms();
            plannedRounds = start.targetRounds() - start.round() + 1;
        }

        // The run's own plan, at the run's delta and with the accountant it was planned with (the
        // tighter of PLD and RDP): what it spent before (kept in the ledger with its mechanisms, so
        // an agent restart forgets neither) plus this round.
        double runEpsilon = ledger.snapshot().epsilonOfRunAfter(start.runId(), releases, p.delta());
        // A hair of tolerance for the calibration's own rounding, never more.
        if (!(runEpsilon <= p.epsilonBudget() * (1 + 1e-9))) {
            return refuse(String.format(Locale.ROOT,
                    "privacy budget exhausted: round %d would bring the run's epsilon to %.4f, above its plan of %.4f at"
                            + " delta %.1e (DP_EPSILON); stopping before anything is sent",
                    start.round(), runEpsilon, p.epsilonBudget(), p.delta()));
        }
        if (!runStarted) {
            // A run the agent cannot finish is refused before its first round: a run that stops
            // halfway has spent budget on a model nobody gets.
            int rounds = plannedRounds;
            // Newton: a gradient per round plus one Gram matrix (rounds + 1 releases); DP-SGD: this
            // round's cost every round; central with client sampling: the whole run, charged at once.
            RoundCost perRound = newton ? PrivacyPlanner.newtonRoundCost(z, 1) : cost;
            List<Mechanism> plan = mode == PrivacyMode.CENTRAL && p.samplingRate() < 1 ? releases
                    : perRound.mechanismsTimes(newton && !gramReleased ? rounds + 1 : rounds);
            if (!ledger.fitsAfter(plan, policy.delta(), policy.lifetimeEpsilon())) {
                return refuse(String.format(Locale.ROOT,
                        "privacy budget exhausted: run %s plans %d more round(s) that would bring this dataset's lifetime"
                                + " epsilon to %.4f, above AGENT_DP_EPSILON=%s at delta %.1e (ledger %s, %.4f spent"
                                + " before); refusing the run before anything is sent",
                        start.runId(), rounds, ledger.epsilonAfter(plan, policy.delta()), policy.lifetimeEpsilon(),
                        policy.delta(), ledger.file(), ledger.epsilon(policy.delta())));
            }
        }
        if (!ledger.fitsAfter(releases, policy.delta(), policy.lifetimeEpsilon())) {
            return refuse(String.format(Locale.ROOT,
                    "privacy budget exhausted: round %d would bring this dataset's lifetime epsilon to %.4f, above"
                            + " AGENT_DP_EPSILON=%s at delta %.1e (ledger %s, %.4f spent before); stopping before"
                            + " anything is sent",
                    start.round(), ledger.epsilonAfter(releases, policy.delta()), policy.lifetimeEpsilon(),
                    policy.delta(), ledger.file(), ledger.epsilon(policy.delta())));
        }
        if (mode == PrivacyMode.CENTRAL && p.samplingRate() < 1) {
            if (!releases.isEmpty()) {
                ledger.charge(start.runId(), String.format(Locale.ROOT, "run of %d rounds, agents sampled at %s (central)",
                        start.targetRounds(), p.samplingRate()), releases);
            }
            sampledRunRounds.putIfAbsent(start.runId(), start.targetRounds());
        } else {
            ledger.charge(start.runId(), "round " + start.round() + (newton ? releaseGram ? " gradient and Gram matrix"
                    : " gradient" : " update") + " (" + mode.wireName() + (distributed != null ? ", distributed" : "")
                    + ")", releases);
        }
        return new Decision(true, "", mode, noise, p.clipNorm(), z, runEpsilon, ledger.snapshot(), policy.delta(), cost,
                newton, p.adaptiveClip(), distributed);
    }

    /**
     * Why this agent will not add distributed noise to {@code start}, or null. No client sampling:
     * the coordinator, the party the noise hides data from, knows who took part, so each round
     * costs what it costs unsampled. No adaptive clipping: its bit would leave unnoised. The
     * secure bound must be the DP clip norm this agent clips to.
     */
    private static String distributedProblem(RoundStart start) {
        PrivacyParams p = start.privacy();
        if (p.samplingRate() < 1) {
            return "the run asks for distributed DP (central mode with secure aggregation) with client sampling at rate "
                    + p.samplingRate() + ", which amplifies nothing when the coordinator knows who took part; start the"
                    + " coordinator with FRACTION_FIT=1";
        }
        if (p.adaptiveClip()) {
            return "the run asks for adaptive clipping with secure aggregation, whose clipped bit would leave unnoised;"
                    + " give the coordinator's DP_CLIP_NORM a number";
        }
        if (Double.compare(start.secure().bound(), p.clipNorm()) != 0) {
            return "the round's secure aggregation bound " + start.secure().bound() + " is not its DP clip norm "
                    + p.clipNorm() + ": distributed DP clips to one bound, the one its noise is scaled to";
        }
        return null;
    }

    /** The update as it may leave the agent: clipped and noised as the mode requires. */
    public double[] release(double[] delta, Decision decision) {
        if (!decision.allowed()) throw new IllegalStateException("release after a refused round");
        double c = decision.clipNorm();
        return switch (decision.mode()) {
            case NONE, RECORD -> delta.clone(); // record: DP-SGD already made the weights private
            case CENTRAL -> Clipping.toL2Norm(delta, c);
            case LOCAL -> {
                // Exact discrete noise on a lattice of step at most noise / 2^10 (LatticeRelease);
                // nextUp: the noise is at least z x sensitivity despite the product's rounding.
                double noise = Math.nextUp(decision.noiseMultiplier() * PrivacyPlanner.sensitivity(PrivacyMode.LOCAL, c));
                yield decision.noise() == NoiseKind.LAPLACE
                        ? LatticeRelease.laplaceL1(delta, c, noise, random)
                        : LatticeRelease.gaussianL2(delta, c, noise, random);
            }
        };
    }

    /**
     * Andrew et al.'s bit for {@code delta}, the update before {@link #release}: true when its L2
     * norm is at most this round's clip (ties unclipped, as TF Privacy), so clipping leaves it
     * unchanged. Only an adaptive-clipping round sends it; every other round sends false, which
     * says nothing.
     */
    public boolean unclipped(double[] delta, Decision decision) {
        if (!decision.allowed()) throw new IllegalStateException("bit of a refused round");
        if (!decision.adaptiveClip()) return false;
        return Clipping.l2Norm(delta) <= decision.clipNorm();
    }

    /** Federated Newton's sums as they may leave the agent. */
    public record NewtonRelease(double[] gradient, double[] curvature) {}

    /**
     * Federated Newton's sums as they may leave: exact without DP; in record mode the gradient
     * sum with discrete Gaussian noise at multiplier z of its sensitivity sqrt(2) * R and, when
     * asked, the Gram matrix at z of R^2 per entry of its packed upper triangle (both on a lattice,
     * {@link LatticeRelease#gaussianSum}, at most 0.1% more noise), R being the round's clip norm, which
     * the engine applied to every row (with its bias input). Those are the L2 sensitivities of
     * adding or removing one row: ||(p - e_y) (x) x~|| &lt;= ||p - e_y|| R &lt;= sqrt(2) R, and the
     * packed triangle of x~ x~' has norm at most ||x~ x~'||_F = ||x~||^2 &lt;= R^2. The noised Gram
     * matrix is kept in the ledger (a zero-cost entry after the round's charge) and sent again,
     * not re-noised, if asked for again in the same run.
     *
     * @param sums computed by the engine with row clip {@link Decision#clipNorm()} in record mode
     * @throws LedgerException when the noised Gram matrix cannot be kept: then nothing may be sent
     */
    public NewtonRelease releaseNewton(String runId, int round, dev.pmad.agent.engine.NewtonSums sums, Decision decision,
                                       boolean curvatureAsked) {
        if (!decision.allowed() || !decision.newton()) throw new IllegalStateException("Newton release without a Newton decision");
        if (decision.mode() == PrivacyMode.NONE) return new NewtonRelease(sums.gradient().clone(), sums.curvature().clone());
        if (decision.mode() != PrivacyMode.RECORD) throw new IllegalStateException("Newton in mode " + decision.mode());
        double z = decision.noiseMultiplier();
        double r = decision.clipNorm();
        double[] gradient = LatticeRelease.gaussianSum(sums.gradient(), Math.sqrt(2) * r, z, random);
        if (!curvatureAsked) return new NewtonRelease(gradient, new double[0]);
        String key = gramKey(runId);
        var kept = ledger.released(key);
        if (kept.isPresent()) return new NewtonRelease(gradient, kept.get());
        double[] gram = LatticeRelease.gaussianSum(sums.curvature(), r * r, z, random);
        ledger.charge(runId, "round " + round + " Gram matrix kept for resending", List.of(), key, gram);
        return new NewtonRelease(gradient, gram);
    }

    /** Ledger key of a run's noised Gram matrix. */
    static String gramKey(String runId) {
        return "newton-gram/" + runId;
    }

    /** What this dataset has spent over its lifetime, at the owner's delta. */
    public double lifetimeEpsilon() {
        return ledger.epsilon(policy.delta());
    }

    /** The lifetime budget left at the owner's delta, never below 0 (infinite for an unbounded simulation policy). */
    public double lifetimeRemaining() {
        if (policy.unboundedLifetime()) return Double.POSITIVE_INFINITY;
        return Math.max(0, policy.lifetimeEpsilon() - lifetimeEpsilon());
    }

    /**
     * The secure generator for DP-SGD's Poisson sampling and noise: amplification by sampling
     * assumes nobody can predict which rows were drawn, so never a seeded one.
     */
    public RandomGenerator random() {
        return random;
    }

    private static boolean isZero(double[] curve) {
        for (double v : curve) if (v != 0) return false;
        return true;
    }

    private static String describe(PrivacyParams p) {
        return String.format(Locale.ROOT, "mode %s, noise %s, clip %s, noise multiplier %s, budget %s, delta %s",
                p.mode(), p.noise(), p.clipNorm(), p.noiseMultiplier(), p.epsilonBudget(), p.delta());
    }

    private static Decision refuse(String reason) {
        return new Decision(false, reason, PrivacyMode.NONE, NoiseKind.GAUSSIAN, 0, 0, 0, null, 0, null, false, false);
    }
}
