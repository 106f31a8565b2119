package dev.pmad.agent.secure;

import dev.pmad.privacy.mechanism.Clipping;
import dev.pmad.protocol.Blob;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.RingVector;
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
import dev.pmad.secagg.SecAggClient;
import dev.pmad.secagg.SecAggException;
import dev.pmad.secagg.SecAggParams;
import dev.pmad.secagg.UnmaskReply;
import dev.pmad.secagg.UnmaskRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * This agent's side of one secure round. Built after local training with the released delta;
 * answers the coordinator's requests in order and refuses anything out of order with a
 * {@link SecAggException}. Loop-thread only.
 *
 * <p>What it contributes is {@code [w * clip(delta, bound), w]} with
 * {@code w = min(samples, maxSamples) / maxSamples}: the FedAvg weight of its released row
 * count, relative to a public denominator, so that the coordinator learns
 * {@code sum(w_i * delta_i)} and {@code sum(w_i)} and nothing about one agent. The weight is the
 * agent's own: the coordinator cannot single an agent out by giving the others zero weight, and
 * an announced denominator below the agent's rows only caps its weight at 1 (as SAMPLE_CAP would).
 */
public final class SecureSession {
    /** Which request the session answers next. */
    private enum Next { ROSTER, ROUTED, UNMASK, DONE }

    private final String self;
    private final String runId;
    private final int round;
    private final SecAggClient client;
    private final long[] input;
    private Next next = Next.ROSTER;

    private SecureSession(String self, String runId, int round, SecAggClient client, long[] input) {
        this.self = self;
        this.runId = runId;
        this.round = round;
        this.client = client;
        this.input = input;
    }

    /**
     * Why this agent will not take part in {@code secure}, or null when it will: the checks an
     * agent makes before computing anything for the round.
     */
    public static String refusal(String self, SecureAggregation secure, int modelSize) {
        if (!secure.agents().contains(self)) {
            return "the round's secure aggregation does not list this agent (" + self + ") among its agents";
        }
        int n = secure.agents().size();
        int holders = secure.neighbours() == 0 ? n : Math.min(n, secure.neighbours() + 1);
        // A threshold of at most half the holders would let a coordinator ask one half for an
        // agent's self-mask seed and the other half for its mask key, and unmask it alone
        // (Bonawitz et al. 2017, Section 4: t > n/2).
        if (secure.threshold() <= holders / 2) {
            return "secure aggregation threshold " + secure.threshold() + " is not a majority of the " + holders
                    + " share holders: the coordinator could unmask this agent's input";
        }
        try {
            params("run", 1, secure, modelSize);
            quantizer(secure);
        } catch (IllegalArgumentException e) {
            return "invalid secure aggregation settings: " + e.getMessage();
        }
        return null;
    }

    /**
     * Starts the session with this round's released delta and announces its keys.
     *
     * @param samples this agent's released row count (its JOIN's)
     */
    public static Start start(String self, String runId, int round, SecureAggregation secure, double[] delta,
                              int samples, SecureRandom rng) {
        return start(self, runId, round, secure, delta, samples, rng, null, null);
    }

    /**
     * As above; with {@code dp} (distributed DP, checked and charged by the agent's privacy), the
     * input is instead the delta on dp's lattice plus this agent's share of the noise, drawn from
     * {@code noise}, and a count of 1: unweighted ({@link DistributedDp#encode}).
     */
    public static Start start(String self, String runId, int round, SecureAggregation secure, double[] delta,
                              int samples, SecureRandom rng, DistributedDp dp, RandomGenerator noise) {
        if (dp != null) {
            long[] input = dp.encode(delta, noise);
            var client = new SecAggClient(self, params(runId, round, secure, delta.length), rng);
            KeyAdvert advert = client.advertise();
            return new Start(new SecureSession(self, runId, round, client, input), new SecAggKeys(runId, round, self,
                    Blob.of(advert.cipherPublicKey()), Blob.of(advert.maskPublicKey())), Clipping.l2Norm(delta) > dp.clipNorm());
        }
        double[] clipped = Clipping.toL2Norm(delta, secure.bound());
        double weight = (double) Math.min(samples, secure.maxSamples()) / secure.maxSamples();
        double[] x = new double[clipped.length + 1];
        for (int i = 0; i < clipped.length; i++) x[i] = weight * clipped[i];
        x[clipped.length] = weight;
        long[] input = quantizer(secure).encode(x);
        var client = new SecAggClient(self, params(runId, round, secure, delta.length), rng);
        KeyAdvert advert = client.advertise();
        var session = new SecureSession(self, runId, round, client, input);
        boolean clippedAny = Clipping.l2Norm(delta) > secure.bound();
        return new Start(session, new SecAggKeys(runId, round, self, Blob.of(advert.cipherPublicKey()),
                Blob.of(advert.maskPublicKey())), clippedAny);
    }

    /** A started session, its first message, and whether the delta was clipped to the bound. */
    public record Start(SecureSession session, SecAggKeys keys, boolean clipped) {}

    /** The protocol parameters both sides derive from a round's {@link SecureAggregation} (as the coordinator's SecureRound). */
    static SecAggParams params(String runId, int round, SecureAggregation secure, int modelSize) {
        Graph graph = secure.neighbours() == 0 ? Graph.COMPLETE : Graph.harary(secure.neighbours());
        return new SecAggParams(runId, round, secure.agents(), secure.threshold(), secure.bits(), graph, modelSize + 1);
    }

    /** The fixed-point scale from the public bound (as the coordinator's SecureRound): coordinates at most max(bound, 1). */
    static Quantizer quantizer(SecureAggregation secure) {
        return Quantizer.forBound(Math.max(secure.bound(), 1.0), secure.agents().size(), secure.bits());
    }

    public String runId() {
        return runId;
    }

    public int round() {
        return round;
    }

    public boolean done() {
        return next == Next.DONE;
    }

    /**
     * This agent's answer to one of the coordinator's SECAGG_* requests.
     *
     * @throws SecAggException when the request is out of order, of another round, or fails the protocol's checks
     */
    public Message answer(Message request) {
        if (!request.runId().equals(runId)) {
            throw new SecAggException(SecAggException.Reason.WRONG_RUN, request.type() + " for run " + request.runId()
                    + ", this session is of run " + runId);
        }
        if (request.round() != round) {
            throw new SecAggException(SecAggException.Reason.WRONG_ROUND, request.type() + " for round "
                    + request.round() + ", this session is of round " + round);
        }
        if (request instanceof SecAggRoster r && next == Next.ROSTER) {
            next = Next.DONE; // whatever happens, this step is not answered twice
            List<KeyAdvert> roster = new ArrayList<>();
            for (SecAggKey k : r.keys()) {
                roster.add(new KeyAdvert(runId, round, k.agent(), k.cipherKey().toArray(), k.maskKey().toArray()));
            }
            List<SealedShare> shares = client.shareKeys(roster).stream()
                    .map(s -> new SealedShare(s.from(), s.to(), Blob.of(s.nonceAndCiphertext()))).toList();
            next = Next.ROUTED;
            return new SecAggShares(runId, round, self, shares);
        }
        if (request instanceof SecAggRouted r && next == Next.ROUTED) {
            next = Next.DONE;
            List<EncryptedShare> toMe = r.shares().stream()
                    .map(s -> new EncryptedShare(runId, round, s.from(), s.to(), s.sealed().toArray())).toList();
            long[] masked = client.maskedInput(toMe, input);
            next = Next.UNMASK;
            return new SecAggMasked(runId, round, self, RingVector.of(masked));
        }
        if (request instanceof SecAggUnmask u && next == Next.UNMASK) {
            next = Next.DONE;
            UnmaskReply reply = client.unmask(new UnmaskRequest(runId, round, u.survivors(), u.dropped()));
            return new SecAggUnmaskReply(runId, round, self, list(reply.selfSeedShares()), list(reply.maskKeyShares()));
        }
        throw new SecAggException(SecAggException.Reason.WRONG_PHASE, request.type() + " while this agent expects "
                + (next == Next.DONE ? "nothing more this round" : "SECAGG_" + next));
    }

    private static List<SecretShare> list(Map<String, byte[]> shares) {
        return shares.entrySet().stream().map(e -> new SecretShare(e.getKey(), Blob.of(e.getValue()))).toList();
    }
}
