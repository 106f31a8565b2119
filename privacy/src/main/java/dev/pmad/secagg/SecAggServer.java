package dev.pmad.secagg;

import dev.pmad.secagg.SecAggException.Reason;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.XECPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server's side of one secure-aggregation round (Bonawitz et al. 2017, Fig. 4, "Server",
 * semi-honest rounds 0, 1, 2 and 4; SecAgg+ neighbourhoods from Bell et al. 2020). It relays
 * adverts and encrypted shares it cannot read, collects masked inputs, asks the survivors for
 * the shares that remove the masks, and computes the sum.
 *
 * <p>Each phase ends when the caller asks for its result: {@link #roster()} ends AdvertiseKeys
 * (U1), the first {@link #sharesFor} ends ShareKeys (U2), {@link #unmaskRequest()} ends
 * MaskedInputCollection (U3 = survivors, U2 \ U3 = dropped). A refused message throws
 * {@link SecAggException} and changes nothing, so the round goes on without the offender;
 * only a round that can no longer reach the threshold, or whose reconstructed key does not
 * match its owner's advert, cannot finish. Not thread-safe; one per round.
 */
public final class SecAggServer {
    private enum Phase { ADVERTISING, SHARING, MASKING, UNMASKING, DONE }

    private final SecAggParams params;
    private final Topology topology;
    private Phase phase = Phase.ADVERTISING;
    private final Map<String, KeyAdvert> adverts = new TreeMap<>();
    private final Map<String, XECPublicKey> maskKeys = new TreeMap<>();
    private final Set<XECPublicKey> seenKeys = new HashSet<>();
    private List<KeyAdvert> roster;
    /** ShareKeys: sender to its shares. */
    private final Map<String, List<EncryptedShare>> shares = new TreeMap<>();
    /** Once ShareKeys ends: each agent of U2 to its share holders in U2. */
    private final Map<String, Set<String>> holders = new TreeMap<>();
    /** U3 so far, and the running sum of their masked inputs (one vector, not one per agent). */
    private final Set<String> masked = new TreeSet<>();
    private final long[] maskedSum;
    private UnmaskRequest request;
    private final Map<String, UnmaskReply> replies = new LinkedHashMap<>();
    private long[] sum;

    public SecAggServer(SecAggParams params) {
        this.params = params;
        this.topology = new Topology(params);
        this.maskedSum = new long[params.length()];
    }

    /** Round 0, AdvertiseKeys: one agent's advert. A replay or second advert is refused. */
    public void accept(KeyAdvert advert) {
        checkRunAndRound(advert.runId(), advert.round(), "advert of '" + advert.agent() + "'");
        expect(Phase.ADVERTISING, "advert of '" + advert.agent() + "'");
        known(advert.agent(), "advert");
        KeyAdvert first = adverts.get(advert.agent());
        if (first != null) {
            throw new SecAggException(Reason.DUPLICATE, (first.sameAs(advert) ? "replayed"
                    : "second, different") + " advert of '" + advert.agent()
                    + "'; the first one stands");
        }
        XECPublicKey c = X25519.decodePublic(advert.cipherPublicKey());
        XECPublicKey s = X25519.decodePublic(advert.maskPublicKey());
        if (c == null || s == null) {
            throw new SecAggException(Reason.BAD_KEY, "advert of '" + advert.agent() + "' holds a"
                    + " key that is not an X25519 public key in X.509 encoding");
        }
        if (c.equals(s) || seenKeys.contains(c) || seenKeys.contains(s)) {
            throw new SecAggException(Reason.BAD_KEY, "advert of '" + advert.agent() + "' repeats"
                    + " a public key already advertised");
        }
        seenKeys.add(c);
        seenKeys.add(s);
        maskKeys.put(advert.agent(), s);
        adverts.put(advert.agent(), advert);
    }

    /**
     * Ends AdvertiseKeys: the adverts to relay to every agent in U1, sorted by agent.
     *
     * @throws SecAggException BELOW_THRESHOLD if some advertised agent has fewer than t share
     *     holders that advertised
     */
    public List<KeyAdvert> roster() {
        if (phase == Phase.ADVERTISING) {
            checkThreshold(adverts.keySet(), adverts.keySet(), "advertised keys");
            roster = List.copyOf(adverts.values());
            phase = Phase.SHARING;
        }
        return roster;
    }

    /**
     * Round 1, ShareKeys: all of one agent's encrypted shares, exactly one for each of its
     * share holders in U1 other than itself.
     */
    public void accept(List<EncryptedShare> fromOneAgent, String sender) {
        expect(Phase.SHARING, "shares of '" + sender + "'");
        if (!adverts.containsKey(sender)) {
            throw new SecAggException(Reason.UNKNOWN_AGENT, "shares from '" + sender + "', who is"
                    + " not in the roster");
        }
        if (shares.containsKey(sender)) {
            throw new SecAggException(Reason.DUPLICATE, "second set of shares from '" + sender
                    + "'; the first one stands");
        }
        Set<String> expected = new TreeSet<>(topology.holders(sender, adverts.keySet()));
        expected.remove(sender);
        Set<String> to = new TreeSet<>();
        for (EncryptedShare e : fromOneAgent) {
            checkRunAndRound(e.runId(), e.round(), "share from '" + sender + "'");
            if (!e.from().equals(sender)) {
                throw new SecAggException(Reason.UNKNOWN_AGENT, "'" + sender + "' sent a share"
                        + " claiming to be from '" + e.from() + "'");
            }
            if (!expected.contains(e.to())) {
                throw new SecAggException(Reason.UNKNOWN_AGENT, "'" + sender + "' sent a share for"
                        + " '" + e.to() + "', who does not hold its shares");
            }
            if (!to.add(e.to())) {
                throw new SecAggException(Reason.DUPLICATE, "'" + sender + "' sent two shares for"
                        + " '" + e.to() + "'");
            }
            if (e.nonceAndCiphertext().length != ShareBox.BOX_BYTES) {
                throw new SecAggException(Reason.BAD_SHARE, "'" + sender + "' sent a share for '"
                        + e.to() + "' of " + e.nonceAndCiphertext().length + " bytes, expected "
                        + ShareBox.BOX_BYTES);
            }
        }
        if (!to.equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(to);
            throw new SecAggException(Reason.BAD_SHARE, "'" + sender + "' sent no share for "
                    + missing);
        }
        shares.put(sender, List.copyOf(fromOneAgent));
    }

    /**
     * The shares addressed to {@code agent} (from every agent in U2). The first call ends
     * ShareKeys.
     *
     * @throws SecAggException BELOW_THRESHOLD if some agent in U2 has fewer than t share holders
     *     in U2
     */
    public List<EncryptedShare> sharesFor(String agent) {
        if (phase == Phase.SHARING) {
            checkThreshold(shares.keySet(), shares.keySet(), "shared keys");
            for (String u : shares.keySet()) {
                holders.put(u, topology.holders(u, shares.keySet()));
            }
            phase = Phase.MASKING;
        } else if (phase == Phase.ADVERTISING) {
            expect(Phase.SHARING, "sharesFor('" + agent + "')");
        }
        if (!shares.containsKey(agent)) {
            throw new SecAggException(Reason.UNKNOWN_AGENT, "'" + agent + "' did not share keys"
                    + " and gets no shares");
        }
        List<EncryptedShare> out = new ArrayList<>();
        for (List<EncryptedShare> fromOne : shares.values()) {
            for (EncryptedShare e : fromOne) {
                if (e.to().equals(agent)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** Round 2, MaskedInputCollection: one agent's masked input y_u. */
    public void acceptMasked(String agent, long[] y) {
        expect(Phase.MASKING, "masked input of '" + agent + "'");
        if (!shares.containsKey(agent)) {
            throw new SecAggException(Reason.UNKNOWN_AGENT, "masked input from '" + agent
                    + "', who did not share keys");
        }
        if (masked.contains(agent)) {
            throw new SecAggException(Reason.DUPLICATE, "second masked input from '" + agent
                    + "'; the first one stands");
        }
        if (y.length != params.length()) {
            throw new SecAggException(Reason.WRONG_LENGTH, "masked input from '" + agent
                    + "' has " + y.length + " elements, the round expects " + params.length()
                    + "; '" + agent + "' counts as dropped");
        }
        for (int i = 0; i < y.length; i++) {
            maskedSum[i] += y[i];
        }
        masked.add(agent);
    }

    /**
     * Ends MaskedInputCollection: survivors U3 (masked input arrived; their self-mask seeds are
     * wanted) and dropped U2 \ U3 (shared keys, no masked input; their mask keys are wanted).
     *
     * @throws SecAggException BELOW_THRESHOLD if some agent of U2 has fewer than t share holders
     *     among the survivors
     */
    public UnmaskRequest unmaskRequest() {
        if (phase == Phase.MASKING) {
            checkThreshold(shares.keySet(), masked, "sent masked inputs");
            List<String> dropped = new ArrayList<>(shares.keySet());
            dropped.removeAll(masked);
            request = new UnmaskRequest(params.runId(), params.round(), List.copyOf(masked),
                    dropped);
            phase = Phase.UNMASKING;
        } else if (request == null) {
            expect(Phase.MASKING, "unmaskRequest");
        }
        return request;
    }

    /**
     * Round 4, Unmasking: one survivor's reply; it must hold exactly the shares the request
     * asks of it, and never both secrets of one agent.
     */
    public void accept(UnmaskReply reply) {
        checkRunAndRound(reply.runId(), reply.round(), "unmask reply of '" + reply.agent() + "'");
        expect(Phase.UNMASKING, "unmask reply of '" + reply.agent() + "'");
        String a = reply.agent();
        if (!masked.contains(a)) {
            throw new SecAggException(Reason.UNKNOWN_AGENT, "unmask reply from '" + a + "', who"
                    + " is not a survivor");
        }
        if (replies.containsKey(a)) {
            throw new SecAggException(Reason.DUPLICATE, "second unmask reply from '" + a
                    + "'; the first one stands");
        }
        for (String v : reply.selfSeedShares().keySet()) {
            if (reply.maskKeyShares().containsKey(v)) {
                throw new SecAggException(Reason.REVEAL_BOTH, "unmask reply from '" + a
                        + "' reveals both the self-mask seed and the mask key of '" + v
                        + "'; refused and not kept");
            }
        }
        Set<String> wantSeeds = new TreeSet<>();
        Set<String> wantKeys = new TreeSet<>();
        for (String v : request.survivors()) {
            if (holders.get(v).contains(a)) {
                wantSeeds.add(v);
            }
        }
        for (String v : request.dropped()) {
            if (holders.get(v).contains(a)) {
                wantKeys.add(v);
            }
        }
        if (!reply.selfSeedShares().keySet().equals(wantSeeds)
                || !reply.maskKeyShares().keySet().equals(wantKeys)) {
            throw new SecAggException(Reason.BAD_REPLY, "unmask reply from '" + a + "' holds"
                    + " seed shares of " + reply.selfSeedShares().keySet() + " and key shares of "
                    + reply.maskKeyShares().keySet() + "; asked for seeds of " + wantSeeds
                    + " and keys of " + wantKeys);
        }
        for (Map<String, byte[]> m : List.of(reply.selfSeedShares(), reply.maskKeyShares())) {
            for (Map.Entry<String, byte[]> e : m.entrySet()) {
                if (e.getValue().length != Shamir.SHARE_BYTES) {
                    throw new SecAggException(Reason.BAD_REPLY, "unmask reply from '" + a
                            + "' holds a share of '" + e.getKey() + "' of " + e.getValue().length
                            + " bytes, expected " + Shamir.SHARE_BYTES);
                }
            }
        }
        replies.put(a, reply);
    }

    /** Whether the replies so far hold t shares of every survivor's seed and dropped's key. */
    public boolean canFinish() {
        return phase == Phase.DONE || (phase == Phase.UNMASKING && shortOfReplies() == null);
    }

    /** The first agent with fewer than t shares in the replies, with the count, or null. */
    private String shortOfReplies() {
        for (String v : shares.keySet()) {
            int n = 0;
            for (String h : holders.get(v)) {
                if (replies.containsKey(h)) {
                    n++;
                }
            }
            if (n < params.threshold()) {
                return "'" + v + "' has " + n + " shares in the unmask replies";
            }
        }
        return null;
    }

    /**
     * The sum of the survivors' inputs mod 2^bits (Bonawitz et al. Fig. 4, Round 4, Server):
     * z = sum_{u in U3} y_u - sum_{u in U3} PRG(b_u) - sum_{u in U3, v in U2 \ U3, v ~ u}
     * Delta_{u,v} PRG(s_{u,v}), with b_u and s_v^SK reconstructed from t shares each and
     * s_{u,v} = KA.agree(s_v^SK, s_u^PK).
     *
     * @throws SecAggException BELOW_THRESHOLD if too few replies arrived; KEY_MISMATCH if a
     *     dropped agent's reconstructed mask key does not match its advert (then the survivors'
     *     masks with it cannot be removed and the round cannot finish)
     */
    public long[] sum() {
        if (sum != null) {
            return sum.clone();
        }
        expect(Phase.UNMASKING, "sum");
        String short_ = shortOfReplies();
        if (short_ != null) {
            throw new SecAggException(Reason.BELOW_THRESHOLD, "cannot unmask: " + short_
                    + ", the threshold is " + params.threshold() + " (" + replies.size()
                    + " replies from " + request.survivors().size() + " survivors); the round"
                    + " cannot finish");
        }
        long[] z = maskedSum.clone();
        for (String u : request.survivors()) {
            byte[] seed = reconstruct(u, true);
            Prg.addTo(z, Masks.selfKey(seed, params.runId(), params.round(), u), -1);
        }
        for (String v : request.dropped()) {
            PrivateKey sk = X25519.privateFromScalar(reconstruct(v, false));
            if (!X25519.matches(sk, maskKeys.get(v))) {
                throw new SecAggException(Reason.KEY_MISMATCH, "the mask key of '" + v
                        + "' reconstructed from the survivors' shares does not match the public"
                        + " key '" + v + "' advertised: '" + v + "' lied about its key; the"
                        + " survivors' masks with it cannot be removed and the round cannot"
                        + " finish");
            }
            for (String u : topology.neighbours(v)) {
                if (!masked.contains(u)) {
                    continue;
                }
                byte[] s;
                try {
                    s = X25519.agree(sk, maskKeys.get(u));
                } catch (GeneralSecurityException e) {
                    throw new SecAggException(Reason.BAD_KEY, "key agreement of '" + v + "' with '"
                            + u + "' failed: " + e.getMessage(), e);
                }
                // y_u holds Delta_{u,v} PRG(s_{u,v}); take it out.
                Prg.addTo(z, Masks.pairKey(s, params.runId(), params.round(), u, v),
                        -topology.sign(u, v));
            }
        }
        Masks.reduce(z, params.ringMask());
        sum = z;
        phase = Phase.DONE;
        return sum.clone();
    }

    /** The agents whose input is in {@link #sum()}: the survivors, empty before unmasking. */
    public Set<String> contributors() {
        return request == null ? Set.of()
                : Collections.unmodifiableSet(new TreeSet<>(request.survivors()));
    }

    private byte[] reconstruct(String owner, boolean seed) {
        List<String> from = new ArrayList<>();
        for (String h : holders.get(owner)) {
            if (replies.containsKey(h) && from.size() < params.threshold()) {
                from.add(h);
            }
        }
        int[] xs = new int[from.size()];
        byte[][] ys = new byte[from.size()][];
        for (int i = 0; i < xs.length; i++) {
            UnmaskReply r = replies.get(from.get(i));
            xs[i] = topology.x(from.get(i));
            ys[i] = (seed ? r.selfSeedShares() : r.maskKeyShares()).get(owner);
        }
        try {
            return Shamir.combine(xs, ys);
        } catch (IllegalArgumentException e) {
            throw new SecAggException(Reason.KEY_MISMATCH, "the shares of the "
                    + (seed ? "self-mask seed" : "mask key") + " of '" + owner + "' from " + from
                    + " are inconsistent; the round cannot finish", e);
        }
    }

    private void checkThreshold(Set<String> owners, Set<String> present, String what) {
        for (String u : owners) {
            int n = topology.holders(u, present).size();
            if (n < params.threshold()) {
                throw new SecAggException(Reason.BELOW_THRESHOLD, "only " + n + " of the share"
                        + " holders of '" + u + "' " + what + ", the threshold is "
                        + params.threshold() + " (" + present.size() + " of "
                        + params.agents().size() + " agents " + what + "); the round cannot"
                        + " finish");
            }
        }
    }

    private void known(String agent, String what) {
        if (!topology.isAgent(agent)) {
            throw new SecAggException(Reason.UNKNOWN_AGENT, what + " from '" + agent + "', who is"
                    + " not invited to round " + params.round());
        }
    }

    private void expect(Phase wanted, String what) {
        if (phase != wanted) {
            throw new SecAggException(Reason.WRONG_PHASE, what + " arrived in phase " + phase
                    + ", expected in " + wanted);
        }
    }

    private void checkRunAndRound(String runId, int round, String what) {
        if (!runId.equals(params.runId())) {
            throw new SecAggException(Reason.WRONG_RUN, what + " is of run '" + runId
                    + "', this is run '" + params.runId() + "'");
        }
        if (round != params.round()) {
            throw new SecAggException(Reason.WRONG_ROUND, what + " is of round " + round
                    + ", this is round " + params.round());
        }
    }
}
