package dev.pmad.coordinator.secure;

import dev.pmad.protocol.Blob;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.SealedShare;
import dev.pmad.protocol.SecAggKey;
import dev.pmad.protocol.SecAggKeys;
import dev.pmad.protocol.SecAggMasked;
import dev.pmad.protocol.SecAggRoster;
import dev.pmad.protocol.SecAggRouted;
import dev.pmad.protocol.SecAggShares;
import dev.pmad.protocol.SecAggUnmask;
import dev.pmad.protocol.SecAggUnmaskReply;
import dev.pmad.protocol.SecretShare;
import dev.pmad.protocol.SecureAggregation;
import dev.pmad.secagg.DistributedDp;
import dev.pmad.secagg.EncryptedShare;
import dev.pmad.secagg.Graph;
import dev.pmad.secagg.KeyAdvert;
import dev.pmad.secagg.Quantizer;
import dev.pmad.secagg.SecAggException;
import dev.pmad.secagg.SecAggParams;
import dev.pmad.secagg.SecAggServer;
import dev.pmad.secagg.UnmaskReply;
import dev.pmad.secagg.UnmaskRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One secure round at the coordinator: the round's {@link SecAggServer}, which step it is in and
 * whom the step still waits for, and the translation between SECAGG_* messages and the server's
 * records. Loop-thread only, like the rest of a run's state; it sends nothing itself.
 *
 * <p>Steps (Bonawitz et al. 2017, Fig. 4): {@link Step#KEYS} collects each agent's SECAGG_KEYS
 * (sent after local training, so this step runs within the round's training deadline);
 * {@link Step#SHARES} relays the roster and collects sealed shares; {@link Step#MASKED} routes
 * the shares and collects masked inputs; {@link Step#UNMASK} asks the survivors for the shares
 * that remove the masks. An agent missing from a step is a dropout; {@link SecAggException}
 * reports every protocol violation and a round that can no longer reach its threshold.
 */
public final class SecureRound {
    /** Where the round is, in order. */
    public enum Step { KEYS, SHARES, MASKED, UNMASK }

    private final String runId;
    private final int round;
    private final String coordinator;
    private final SecureAggregation wire;
    private final SecAggServer server;
    private final Quantizer quantizer;
    /** Distributed DP's lattice and ring when the agents noise their inputs (central DP), else null. */
    private final DistributedDp dp;
    private final int length;
    private Step step = Step.KEYS;
    /** Agents the current step still waits for (KEYS: everyone invited). */
    private final TreeSet<String> awaiting = new TreeSet<>();
    /** Agents whose shares the server accepted: each is routed the shares addressed to it. */
    private final TreeSet<String> shared = new TreeSet<>();

    /**
     * @param wire   what the round's ROUND_START tells the agents
     * @param length the model's size; agents send one more value, their weight
     */
    public SecureRound(String runId, int round, String coordinator, SecureAggregation wire, int length) {
        this(runId, round, coordinator, wire, length, null);
    }

    /**
     * A round whose agents add distributed DP noise ({@code dp}, from the round's public settings
     * as each agent derives it): the sum is unweighted and comes back on dp's lattice.
     */
    public SecureRound(String runId, int round, String coordinator, SecureAggregation wire, int length, DistributedDp dp) {
        this.dp = dp;
        this.runId = runId;
        this.round = round;
        this.coordinator = coordinator;
        this.wire = wire;
        this.length = length;
        this.server = new SecAggServer(params(runId, round, wire, length));
        this.quantizer = quantizer(wire);
        awaiting.addAll(wire.agents());
    }

    /** The protocol parameters both sides derive from a round's {@link SecureAggregation}. */
    public static SecAggParams params(String runId, int round, SecureAggregation wire, int modelSize) {
        Graph graph = wire.neighbours() == 0 ? Graph.COMPLETE : Graph.harary(wire.neighbours());
        return new SecAggParams(runId, round, wire.agents(), wire.threshold(), wire.bits(), graph, modelSize + 1);
    }

    /**
     * The fixed-point scale both sides derive from the public bound: every coordinate of
     * {@code w * clip(delta, bound)} is at most {@code bound} in size and the weight {@code w} at
     * most 1, summed over at most every invitee.
     */
    public static Quantizer quantizer(SecureAggregation wire) {
        return Quantizer.forBound(Math.max(wire.bound(), 1.0), wire.agents().size(), wire.bits());
    }

    /**
     * The round's settings for these invitees, or why there can be no secure round with them.
     *
     * @param invitees   the round's agents
     * @param maxSamples the largest released row count among them
     */
    public static SecureAggregation plan(SecureAggregationSettings settings, List<String> invitees, int maxSamples) {
        return plan(settings, invitees, maxSamples, settings.clip());
    }

    /**
     * As above with the clip bound {@code bound}: DP_CLIP_NORM under distributed DP, whose sum is
     * unweighted ({@code maxSamples} 1).
     */
    public static SecureAggregation plan(SecureAggregationSettings settings, List<String> invitees, int maxSamples,
                                         double bound) {
        List<String> sorted = new ArrayList<>(invitees);
        sorted.sort(null);
        int n = sorted.size();
        if (n < 2) {
            throw new IllegalArgumentException("secure aggregation needs at least 2 agents in a round, " + n
                    + " drawn; start more agents or raise FRACTION_FIT");
        }
        int neighbours = settings.neighbours() >= 0 ? settings.neighbours()
                : Graph.defaultFor(n).kind() == Graph.Kind.COMPLETE ? 0 : Graph.defaultFor(n).degree();
        // A neighbourhood as large as the federation is the complete graph.
        if (neighbours >= n - 1) neighbours = 0;
        int holders = neighbours == 0 ? n : neighbours + 1;
        int threshold = settings.threshold() > 0 ? settings.threshold() : SecAggParams.defaultThreshold(holders);
        if (threshold <= holders / 2) {
            throw new IllegalArgumentException("SECURE_AGGREGATION_THRESHOLD=" + threshold + " is not a majority of the "
                    + holders + " share holders each agent has in this round, and agents refuse it (two disjoint groups"
                    + " could then reveal both of an agent's secrets); raise it, or use 0 for the default majority");
        }
        if (threshold > holders) {
            throw new IllegalArgumentException("SECURE_AGGREGATION_THRESHOLD=" + threshold + " is more than the "
                    + holders + " share holders each agent has in this round; lower it or start more agents");
        }
        return new SecureAggregation(true, sorted, threshold, settings.bits(), neighbours, bound, maxSamples);
    }

    public SecureAggregation wire() {
        return wire;
    }

    public Step step() {
        return step;
    }

    /** Whether the current step waits for {@code agent}. */
    public boolean awaits(String agent) {
        return awaiting.contains(agent);
    }

    /** Agents the current step still waits for. */
    public Set<String> awaiting() {
        return java.util.Collections.unmodifiableSet(awaiting);
    }

    /** Stops waiting for {@code agent} in this step (it dropped out); true if it was awaited. */
    public boolean drop(String agent) {
        return awaiting.remove(agent);
    }

    /** Whether every agent the step waits for has answered. */
    public boolean stepComplete() {
        return awaiting.isEmpty();
    }

    /**
     * Takes one agent's message of the current step to the server.
     *
     * @throws SecAggException for any protocol violation (the agent is no longer awaited), and
     *                         with {@code BELOW_THRESHOLD} when the round can no longer finish
     */
    public void accept(Message message) {
        String from = message.sender();
        boolean answered = false;
        try {
            if (!message.runId().equals(runId)) {
                throw new SecAggException(SecAggException.Reason.WRONG_RUN, from + " sent " + message.type()
                        + " for run " + message.runId() + ", this round is of run " + runId);
            }
            if (message.round() != round) {
                throw new SecAggException(SecAggException.Reason.WRONG_ROUND, from + " sent " + message.type()
                        + " for round " + message.round() + ", this is round " + round);
            }
            Step expected = stepOf(message);
            if (expected != step) {
                throw new SecAggException(SecAggException.Reason.WRONG_PHASE, from + " sent " + message.type()
                        + " in step " + step + " of round " + round);
            }
            if (!awaiting.contains(from)) {
                throw new SecAggException(SecAggException.Reason.DUPLICATE, from + " sent " + message.type()
                        + " but is not awaited in step " + step + " (a second message, or it dropped out)");
            }
            if (message instanceof SecAggKeys k) {
                server.accept(new KeyAdvert(runId, round, from, k.cipherKey().toArray(), k.maskKey().toArray()));
            } else if (message instanceof SecAggShares s) {
                server.accept(s.shares().stream().map(this::share).toList(), from);
                shared.add(from);
            } else if (message instanceof SecAggMasked m) {
                server.acceptMasked(from, m.masked().toArray());
            } else if (message instanceof SecAggUnmaskReply r) {
                server.accept(new UnmaskReply(runId, round, from, shares(r.selfSeedShares(), from),
                        shares(r.maskKeyShares(), from)));
            }
            answered = true;
        } catch (SecAggException e) {
            // Its one answer to the step failed the server's checks: the server kept nothing of it.
            answered = !messageLevel(e.reason());
            throw e;
        } finally {
            if (answered) awaiting.remove(from);
        }
    }

    /**
     * Whether a refusal is of the message alone (of another run, round or step, or a repeat: the
     * server kept the agent's first answer and state is unchanged), rather than of the agent's
     * answer to the step (a bad key, share, input or reply: it is out of the round).
     */
    public static boolean messageLevel(SecAggException.Reason reason) {
        return switch (reason) {
            case WRONG_RUN, WRONG_ROUND, WRONG_PHASE, DUPLICATE -> true;
            default -> false;
        };
    }

    /**
     * Ends the current step: what each agent is sent to start the next one, keyed by agent. After
     * {@link Step#UNMASK} there is no next step: call {@link #result}.
     *
     * @throws SecAggException with {@code BELOW_THRESHOLD} when too few agents are left
     */
    public Map<String, Message> advance() {
        var out = new LinkedHashMap<String, Message>();
        switch (step) {
            case KEYS -> {
                List<KeyAdvert> roster = server.roster();
                var keys = roster.stream().map(a -> new SecAggKey(a.agent(), Blob.of(a.cipherPublicKey()),
                        Blob.of(a.maskPublicKey()))).toList();
                for (KeyAdvert a : roster) out.put(a.agent(), new SecAggRoster(runId, round, coordinator, keys));
                step = Step.SHARES;
            }
            case SHARES -> {
                for (String agent : shared) {
                    out.put(agent, new SecAggRouted(runId, round, coordinator, server.sharesFor(agent).stream()
                            .map(s -> new SealedShare(s.from(), s.to(), Blob.of(s.nonceAndCiphertext()))).toList()));
                }
                step = Step.MASKED;
            }
            case MASKED -> {
                UnmaskRequest request = server.unmaskRequest();
                for (String agent : request.survivors()) {
                    out.put(agent, new SecAggUnmask(runId, round, coordinator, request.survivors(), request.dropped()));
                }
                step = Step.UNMASK;
            }
            case UNMASK -> throw new IllegalStateException("the unmask step is the last; call result()");
        }
        awaiting.clear();
        awaiting.addAll(out.keySet());
        return out;
    }

    /** Whether enough unmask replies are in to compute the sum. */
    public boolean canFinish() {
        return step == Step.UNMASK && server.canFinish();
    }

    /**
     * The round's outcome: the weighted mean delta of the contributors, as FedAvg computes it,
     * {@code sum(w_i * clip(delta_i)) / sum(w_i)}.
     *
     * @throws SecAggException when the sum cannot be computed
     */
    public Result result() {
        long[] sum = server.sum();
        List<String> contributors = List.copyOf(new TreeSet<>(server.contributors()));
        if (dp != null) {
            // Distributed DP: the noised sum over the contributors, divided by their number, which
            // the coordinator knows anyway (as DP-FedAvg divides by the updates it got).
            double[] noisedSum;
            try {
                noisedSum = dp.decodeSum(sum, contributors.size());
            } catch (IllegalArgumentException e) {
                throw new SecAggException(SecAggException.Reason.BAD_REPLY, e.getMessage());
            }
            double[] mean = new double[length];
            for (int i = 0; i < length; i++) mean[i] = noisedSum[i] / contributors.size();
            return new Result(mean, contributors, contributors.size());
        }
        double[] decoded = quantizer.decodeSum(sum, contributors.size());
        double weight = decoded[length];
        if (!(weight > 0)) {
            throw new SecAggException(SecAggException.Reason.BAD_REPLY, "the contributors' weights sum to " + weight
                    + ", not a positive number: an agent sent a weight outside (0, 1]");
        }
        double[] mean = new double[length];
        for (int i = 0; i < length; i++) mean[i] = decoded[i] / weight;
        return new Result(mean, contributors, weight);
    }

    /** Distributed DP's settings for this round, or null when the agents add no noise. */
    public DistributedDp distributedDp() {
        return dp;
    }

    /**
     * @param meanDelta    the weighted mean of the contributors' clipped deltas (unweighted and
     *                     noised by the agents under distributed DP)
     * @param contributors the agents whose input is in the sum
     * @param weight       the sum of their weights, in units of {@link SecureAggregation#maxSamples} rows
     */
    public record Result(double[] meanDelta, List<String> contributors, double weight) {}

    private Step stepOf(Message message) {
        return switch (message.type()) {
            case SECAGG_KEYS -> Step.KEYS;
            case SECAGG_SHARES -> Step.SHARES;
            case SECAGG_MASKED -> Step.MASKED;
            case SECAGG_UNMASK_REPLY -> Step.UNMASK;
            default -> throw new IllegalStateException("not sent by agents in secure aggregation: " + message.type());
        };
    }

    private EncryptedShare share(SealedShare s) {
        return new EncryptedShare(runId, round, s.from(), s.to(), s.sealed().toArray());
    }

    private static Map<String, byte[]> shares(List<SecretShare> list, String from) {
        var map = new TreeMap<String, byte[]>();
        for (SecretShare s : list) {
            if (map.put(s.agent(), s.share().toArray()) != null) {
                throw new SecAggException(SecAggException.Reason.BAD_REPLY, from + " sent two shares for " + s.agent());
            }
        }
        return map;
    }
}
