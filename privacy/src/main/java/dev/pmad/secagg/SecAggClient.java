package dev.pmad.secagg;

import dev.pmad.secagg.SecAggException.Reason;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One agent's side of one secure-aggregation round (Bonawitz et al. 2017, Fig. 4, "User", the
 * semi-honest rounds 0, 1, 2 and 4). Call in order: {@link #advertise()}, {@link #shareKeys},
 * {@link #maskedInput}, {@link #unmask}. Every check is made before anything is produced, so a
 * refused message leaves the client where it was. Not thread-safe; one per agent per round.
 */
public final class SecAggClient {
    private enum Phase { NEW, ADVERTISED, SHARED, MASKED, UNMASKED }

    private final String self;
    private final SecAggParams params;
    private final SecureRandom rng;
    private final Topology topology;
    private final KeyPair cipherKeys;
    private final KeyPair maskKeys;
    private Phase phase = Phase.NEW;
    private KeyAdvert advert;
    /** U1 as this agent saw it: agent to (cipher public key, mask public key). */
    private final Map<String, XECPublicKey[]> roster = new TreeMap<>();
    private final Map<String, byte[]> shareKeys = new HashMap<>();
    /** b_u, the self-mask seed. */
    private byte[] selfSeed;
    /** This agent's own share of b_u (its share of s_u^SK is never asked for: see unmask). */
    private byte[] ownSeedShare;
    /** Shares others sent this agent: owner to (self-seed share, mask-key share). */
    private final Map<String, byte[][]> held = new TreeMap<>();
    private UnmaskRequest answered;
    private UnmaskReply answer;

    /**
     * @param self this agent, one of {@code params.agents()}
     * @param rng the source of keys, the self-mask seed, Shamir coefficients and nonces: a
     *     {@link SecureRandom} seeded by the operating system (a predictable one gives away the
     *     masks)
     */
    public SecAggClient(String self, SecAggParams params, SecureRandom rng) {
        this(self, params, rng, X25519.generate(rng), X25519.generate(rng));
    }

    /** With given key pairs: lets a test build an agent whose advert lies about its mask key. */
    SecAggClient(String self, SecAggParams params, SecureRandom rng, KeyPair cipherKeys,
            KeyPair maskKeys) {
        this.self = Objects.requireNonNull(self, "self");
        this.params = Objects.requireNonNull(params, "params");
        this.rng = Objects.requireNonNull(rng, "rng");
        this.topology = new Topology(params);
        if (!topology.isAgent(self)) {
            throw new IllegalArgumentException("agent '" + self + "' is not an invitee of round "
                    + params.round() + " of run " + params.runId());
        }
        this.cipherKeys = cipherKeys;
        this.maskKeys = maskKeys;
    }

    /** Round 0, AdvertiseKeys: this agent's two fresh public keys (the same on every call). */
    public KeyAdvert advertise() {
        if (advert == null) {
            advert = new KeyAdvert(params.runId(), params.round(), self,
                    cipherKeys.getPublic().getEncoded(), maskKeys.getPublic().getEncoded());
            phase = Phase.ADVERTISED;
        }
        return advert;
    }

    /**
     * Round 1, ShareKeys: draw the self-mask seed b_u, split b_u and the mask key s_u^SK into
     * t-out-of-|holders| Shamir shares, and encrypt each holder's pair of shares for it.
     *
     * @param roster the adverts the server relayed (U1): at least the threshold of this agent's
     *     share holders, including this agent's own advert unchanged
     */
    public List<EncryptedShare> shareKeys(List<KeyAdvert> roster) {
        expect(Phase.ADVERTISED, "shareKeys");
        Map<String, XECPublicKey[]> keys = new TreeMap<>();
        Set<XECPublicKey> seen = new HashSet<>();
        for (KeyAdvert a : roster) {
            checkRunAndRound(a.runId(), a.round(), "advert of '" + a.agent() + "'");
            if (!topology.isAgent(a.agent())) {
                throw new SecAggException(Reason.UNKNOWN_AGENT, self + ": the roster holds an advert"
                        + " of '" + a.agent() + "', who is not invited to this round");
            }
            if (keys.containsKey(a.agent())) {
                throw new SecAggException(Reason.DUPLICATE, self + ": the roster holds two adverts"
                        + " of '" + a.agent() + "'");
            }
            XECPublicKey c = X25519.decodePublic(a.cipherPublicKey());
            XECPublicKey s = X25519.decodePublic(a.maskPublicKey());
            if (c == null || s == null) {
                throw new SecAggException(Reason.BAD_KEY, self + ": the advert of '" + a.agent()
                        + "' holds a key that is not an X25519 public key in X.509 encoding");
            }
            // Bonawitz et al. Fig. 4, Round 1: "assert that all the public key pairs are different".
            if (!seen.add(c) || !seen.add(s)) {
                throw new SecAggException(Reason.BAD_KEY, self + ": the advert of '" + a.agent()
                        + "' repeats a public key already in the roster");
            }
            keys.put(a.agent(), new XECPublicKey[] {c, s});
        }
        KeyAdvert mine = roster.stream().filter(a -> a.agent().equals(self)).findFirst()
                .orElse(null);
        if (mine == null || !mine.sameAs(advert)) {
            throw new SecAggException(Reason.ADVERT_CHANGED, self + ": the roster "
                    + (mine == null ? "lacks this agent's advert" : "changed this agent's advert"));
        }
        Set<String> holders = topology.holders(self, keys.keySet());
        if (holders.size() < params.threshold()) {
            throw new SecAggException(Reason.BELOW_THRESHOLD, self + ": only " + holders.size()
                    + " of this agent's share holders advertised keys, the threshold is "
                    + params.threshold() + "; the round cannot finish");
        }
        List<String> order = new ArrayList<>(holders);
        int[] xs = order.stream().mapToInt(topology::x).toArray();
        byte[] seed = new byte[Shamir.SECRET_BYTES];
        rng.nextBytes(seed);
        byte[][] seedShares = Shamir.split(seed, params.threshold(), xs, rng);
        byte[][] keyShares = Shamir.split(X25519.scalar(maskKeys.getPrivate()), params.threshold(),
                xs, rng);
        List<EncryptedShare> out = new ArrayList<>();
        Map<String, byte[]> pairKeys = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            String v = order.get(i);
            if (v.equals(self)) {
                ownSeedShare = seedShares[i];
                continue;
            }
            byte[] key = ShareBox.pairKey(agree(cipherKeys, keys.get(v)[0], v), params.runId(),
                    params.round(), self, v);
            pairKeys.put(v, key);
            byte[] plain = new byte[ShareBox.PLAIN_BYTES];
            System.arraycopy(seedShares[i], 0, plain, 0, Shamir.SHARE_BYTES);
            System.arraycopy(keyShares[i], 0, plain, Shamir.SHARE_BYTES, Shamir.SHARE_BYTES);
            out.add(new EncryptedShare(params.runId(), params.round(), self, v,
                    ShareBox.seal(key, params.runId(), params.round(), self, v, plain, rng)));
        }
        this.roster.putAll(keys);
        this.shareKeys.putAll(pairKeys);
        this.selfSeed = seed;
        phase = Phase.SHARED;
        return out;
    }

    /**
     * Round 2, MaskedInputCollection: y_u = x_u + PRG(b_u) + sum over neighbours v that shared
     * keys (U2) of Delta_{u,v} PRG(s_{u,v}), mod 2^bits (Bonawitz et al. Fig. 4, Round 2; in
     * SecAgg+ only graph neighbours, Bell et al. Algorithm 2). Decrypts and checks every share
     * first (the paper does it in Round 4; doing it here refuses a bad share before the input
     * leaves).
     *
     * @param toMe the shares the server relayed to this agent, one per neighbour in U2
     * @param input the agent's encoded input, {@code params.length()} ring elements
     */
    public long[] maskedInput(List<EncryptedShare> toMe, long[] input) {
        expect(Phase.SHARED, "maskedInput");
        if (input.length != params.length()) {
            throw new SecAggException(Reason.WRONG_LENGTH, self + ": input has " + input.length
                    + " elements, the round expects " + params.length());
        }
        Map<String, byte[][]> got = new TreeMap<>();
        for (EncryptedShare e : toMe) {
            checkRunAndRound(e.runId(), e.round(), "share from '" + e.from() + "'");
            if (!e.to().equals(self)) {
                throw new SecAggException(Reason.UNKNOWN_AGENT, self + ": received a share from '"
                        + e.from() + "' addressed to '" + e.to() + "'");
            }
            if (!shareKeys.containsKey(e.from())) {
                throw new SecAggException(Reason.UNKNOWN_AGENT, self + ": received a share from '"
                        + e.from() + "', who is not a neighbour in the roster");
            }
            if (got.containsKey(e.from())) {
                throw new SecAggException(Reason.DUPLICATE, self + ": received two shares from '"
                        + e.from() + "'");
            }
            byte[] plain = ShareBox.open(shareKeys.get(e.from()), params.runId(), params.round(),
                    e.from(), self, e.nonceAndCiphertext());
            if (plain == null) {
                throw new SecAggException(Reason.BAD_SHARE, self + ": the share from '" + e.from()
                        + "' fails AES-GCM authentication (tampered, or from another run, round"
                        + " or pair)");
            }
            got.put(e.from(), new byte[][] {
                Arrays.copyOfRange(plain, 0, Shamir.SHARE_BYTES),
                Arrays.copyOfRange(plain, Shamir.SHARE_BYTES, ShareBox.PLAIN_BYTES)});
        }
        if (got.size() + 1 < params.threshold()) {
            throw new SecAggException(Reason.BELOW_THRESHOLD, self + ": only " + (got.size() + 1)
                    + " of this agent's share holders shared keys, the threshold is "
                    + params.threshold() + "; the round cannot finish");
        }
        long[] y = input.clone();
        Prg.addTo(y, Masks.selfKey(selfSeed, params.runId(), params.round(), self), 1);
        for (String v : got.keySet()) {
            byte[] s = agree(maskKeys, roster.get(v)[1], v);
            Prg.addTo(y, Masks.pairKey(s, params.runId(), params.round(), self, v),
                    topology.sign(self, v));
        }
        Masks.reduce(y, params.ringMask());
        held.putAll(got);
        phase = Phase.MASKED;
        return y;
    }

    /**
     * Round 4, Unmasking: this agent's shares of b_v for each survivor v and of s_v^SK for each
     * dropped v among the agents whose shares it holds (itself included). Refuses a request that
     * names an agent both ways, or names this agent as dropped (its masked input is out, so
     * its mask key with its self-mask seed would reveal its input), and answers at most one
     * request (two different ones could together ask for both secrets of one agent).
     */
    public UnmaskReply unmask(UnmaskRequest request) {
        checkRunAndRound(request.runId(), request.round(), "unmask request");
        if (phase == Phase.UNMASKED) {
            if (request.equals(answered)) {
                return answer;
            }
            throw new SecAggException(Reason.DUPLICATE, self + ": already answered a different"
                    + " unmask request this round; answering two could reveal both secrets of an"
                    + " agent");
        }
        expect(Phase.MASKED, "unmask");
        Set<String> survivors = new HashSet<>(request.survivors());
        for (String d : request.dropped()) {
            if (survivors.contains(d)) {
                throw new SecAggException(Reason.REVEAL_BOTH, self + ": the unmask request asks"
                        + " for both the self-mask seed and the mask key of '" + d + "'");
            }
        }
        if (!survivors.contains(self)) {
            throw new SecAggException(Reason.REVEAL_BOTH, self + ": the unmask request does not"
                    + " list this agent as a survivor, but its masked input was sent; revealing"
                    + " its mask key would leave only the self mask protecting its input");
        }
        for (String a : request.survivors()) {
            unknownInRequest(a);
        }
        for (String a : request.dropped()) {
            unknownInRequest(a);
        }
        if (survivors.size() < params.threshold()) {
            throw new SecAggException(Reason.BELOW_THRESHOLD, self + ": only " + survivors.size()
                    + " survivors, the threshold is " + params.threshold());
        }
        Map<String, byte[]> seeds = new TreeMap<>();
        Map<String, byte[]> maskKeys = new TreeMap<>();
        seeds.put(self, ownSeedShare);
        for (String v : request.survivors()) {
            if (held.containsKey(v)) {
                seeds.put(v, held.get(v)[0]);
            }
        }
        for (String v : request.dropped()) {
            if (held.containsKey(v)) {
                maskKeys.put(v, held.get(v)[1]);
            }
        }
        answered = request;
        answer = new UnmaskReply(params.runId(), params.round(), self, seeds, maskKeys);
        phase = Phase.UNMASKED;
        return answer;
    }

    private void unknownInRequest(String a) {
        if (!topology.isAgent(a)) {
            throw new SecAggException(Reason.UNKNOWN_AGENT, self + ": the unmask request names '"
                    + a + "', who is not invited to this round");
        }
    }

    private void expect(Phase wanted, String call) {
        if (phase != wanted) {
            throw new SecAggException(Reason.WRONG_PHASE, self + ": " + call + " called in phase "
                    + phase + ", expected " + wanted + " (calls go advertise, shareKeys,"
                    + " maskedInput, unmask)");
        }
    }

    private void checkRunAndRound(String runId, int round, String what) {
        if (!runId.equals(params.runId())) {
            throw new SecAggException(Reason.WRONG_RUN, self + ": " + what + " is of run '"
                    + runId + "', this is run '" + params.runId() + "'");
        }
        if (round != params.round()) {
            throw new SecAggException(Reason.WRONG_ROUND, self + ": " + what + " is of round "
                    + round + ", this is round " + params.round());
        }
    }

    private byte[] agree(KeyPair mine, XECPublicKey theirs, String who) {
        try {
            return X25519.agree(mine.getPrivate(), theirs);
        } catch (GeneralSecurityException e) {
            throw new SecAggException(Reason.BAD_KEY, self + ": key agreement with '" + who
                    + "' failed: " + e.getMessage(), e);
        }
    }
}
