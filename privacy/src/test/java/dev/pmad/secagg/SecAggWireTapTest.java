package dev.pmad.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Everything the server receives in a round, recorded as a wire tap would, does not reveal an
 * agent's input; only t colluding agents' secrets do. Five agents, t = 3, complete graph, 32
 * bits, and a target agent whose input is a constant (as far from uniform as it gets).
 */
class SecAggWireTapTest {
    private static final String TARGET = "c";
    private static final int LENGTH = 5000;

    /**
     * The 1 - 1e-6 quantile of chi-square with 255 degrees of freedom (Wilson-Hilferty:
     * 255 (1 - 2/(9 255) + 4.753 sqrt(2/(9 255)))^3 = 377): uniform bytes exceed it once in a
     * million runs.
     */
    private static final double CHI2_255_QUANTILE = 377;

    private Federation f;
    /** The tap: everything the server receives. */
    private final List<KeyAdvert> adverts = new ArrayList<>();
    private final List<EncryptedShare> shares = new ArrayList<>();
    private final Map<String, long[]> masked = new LinkedHashMap<>();
    private final List<UnmaskReply> replies = new ArrayList<>();

    @BeforeEach
    void runARoundThroughTheTap() {
        SecAggParams p = new SecAggParams("run-tap", 1, List.of("a", "b", "c", "d", "e"), 3, 32,
                Graph.COMPLETE, LENGTH);
        f = new Federation(p, 21);
        Arrays.fill(f.inputs.get(TARGET), 0x1234L);
        for (SecAggClient c : f.clients.values()) {
            KeyAdvert adv = c.advertise();
            adverts.add(adv);
            f.server.accept(adv);
        }
        List<KeyAdvert> roster = f.server.roster();
        f.clients.forEach((a, c) -> {
            List<EncryptedShare> out = c.shareKeys(roster);
            shares.addAll(out);
            f.server.accept(out, a);
        });
        f.clients.forEach((a, c) -> {
            long[] y = c.maskedInput(f.server.sharesFor(a), f.inputs.get(a));
            masked.put(a, y);
            f.server.acceptMasked(a, y);
        });
        UnmaskRequest req = f.server.unmaskRequest();
        f.clients.forEach((a, c) -> {
            UnmaskReply r = c.unmask(req);
            replies.add(r);
            f.server.accept(r);
        });
        assertArrayEquals(f.plainSum(p.agents()), f.server.sum());
    }

    @Test
    void maskedInput_ofAConstantInput_isStatisticallyUniform() {
        assertTrue(chiSquareOfBytes(f.inputs.get(TARGET)) > 100 * CHI2_255_QUANTILE,
                "the input itself is far from uniform");
        double chi2 = chiSquareOfBytes(masked.get(TARGET));
        assertTrue(chi2 < CHI2_255_QUANTILE, "chi-square of the masked input's bytes " + chi2);
    }

    @Test
    void evenWithTheSelfMaskUnmasked_thePairwiseMasksKeepTheInputUniform() {
        // The server legitimately learns b_u of every survivor from the unmask replies.
        byte[] seed = combine(TARGET, replies.subList(0, 3), true);
        long[] y = masked.get(TARGET).clone();
        Prg.addTo(y, Masks.selfKey(seed, "run-tap", 1, TARGET), -1);
        Masks.reduce(y, f.params.ringMask());
        double chi2 = chiSquareOfBytes(y);
        assertTrue(chi2 < CHI2_255_QUANTILE, "y - PRG(b_u) is still uniform: chi-square " + chi2);
        // ...and the server never receives a share of a survivor's mask key.
        assertTrue(replies.stream().allMatch(r -> r.maskKeyShares().isEmpty()));
    }

    @Test
    void maskedInput_isTheInputPlusPrgOutputs_computableOnlyWithTheSecrets() {
        byte[] seed = combine(TARGET, replies.subList(0, 3), true);
        long[] y = masked.get(TARGET).clone();
        Prg.addTo(y, Masks.selfKey(seed, "run-tap", 1, TARGET), -1);
        for (String v : f.params.agents()) {
            if (!v.equals(TARGET)) {
                // s_{u,v} needs the target's (or v's) mask private key, which never leaves it.
                byte[] s = agree(f.maskKeys.get(TARGET), f.maskKeys.get(v));
                Prg.addTo(y, Masks.pairKey(s, "run-tap", 1, TARGET, v),
                        -new Topology(f.params).sign(TARGET, v));
            }
        }
        Masks.reduce(y, f.params.ringMask());
        assertArrayEquals(f.inputs.get(TARGET), y);
    }

    @Test
    void shares_cannotBeOpenedWithoutThePairKey() {
        KeyPair server = X25519.generate(new SecureRandom());
        for (EncryptedShare e : shares) {
            if (!e.from().equals(TARGET)) {
                continue;
            }
            // What the server can derive: its own key with the advertised public keys.
            byte[] guess = ShareBox.pairKey(agree(server, f.cipherKeys.get(e.to())), "run-tap", 1,
                    TARGET, e.to());
            assertNull(ShareBox.open(guess, "run-tap", 1, TARGET, e.to(), e.nonceAndCiphertext()));
            // The addressee opens it.
            byte[] right = ShareBox.pairKey(agree(f.cipherKeys.get(e.to()),
                    f.cipherKeys.get(TARGET)), "run-tap", 1, TARGET, e.to());
            assertEquals(ShareBox.PLAIN_BYTES, ShareBox.open(right, "run-tap", 1, TARGET, e.to(),
                    e.nonceAndCiphertext()).length);
        }
    }

    @Test
    void tCollidingAgents_recoverTheTargetsMaskKey_tMinusOneDoNot() {
        // Colluders decrypt the shares the target sent them, with their own cipher keys, and
        // pool the mask-key halves. The target's own mask key is the secret they are after.
        byte[] truth = X25519.scalar(f.maskKeys.get(TARGET).getPrivate());
        List<String> colluders = List.of("a", "b", "d");
        int[] xs = new int[3];
        byte[][] ys = new byte[3][];
        Topology t = new Topology(f.params);
        for (int i = 0; i < 3; i++) {
            String v = colluders.get(i);
            EncryptedShare e = shares.stream()
                    .filter(s -> s.from().equals(TARGET) && s.to().equals(v)).findFirst()
                    .orElseThrow();
            byte[] key = ShareBox.pairKey(agree(f.cipherKeys.get(v), f.cipherKeys.get(TARGET)),
                    "run-tap", 1, TARGET, v);
            byte[] plain = ShareBox.open(key, "run-tap", 1, TARGET, v, e.nonceAndCiphertext());
            xs[i] = t.x(v);
            ys[i] = Arrays.copyOfRange(plain, Shamir.SHARE_BYTES, ShareBox.PLAIN_BYTES);
        }
        assertArrayEquals(truth, Shamir.combine(xs, ys), "t = 3 colluders recover it");
        BigInteger fromTwo = Shamir.combineToField(Arrays.copyOf(xs, 2), Arrays.copyOf(ys, 2));
        assertFalse(fromTwo.equals(new BigInteger(1, truth)), "t - 1 = 2 colluders do not");
        // With the mask key and the self-mask seed (also t shares) the input falls out: the
        // threshold is all that protects it.
        byte[] seed = combine(TARGET, replies.subList(0, 3), true);
        long[] y = masked.get(TARGET).clone();
        Prg.addTo(y, Masks.selfKey(seed, "run-tap", 1, TARGET), -1);
        java.security.PrivateKey sk = X25519.privateFromScalar(Shamir.combine(xs, ys));
        for (String v : f.params.agents()) {
            if (!v.equals(TARGET)) {
                byte[] s = agreeRaw(sk, f.maskKeys.get(v).getPublic());
                Prg.addTo(y, Masks.pairKey(s, "run-tap", 1, TARGET, v), -t.sign(TARGET, v));
            }
        }
        Masks.reduce(y, f.params.ringMask());
        assertArrayEquals(f.inputs.get(TARGET), y);
    }

    @Test
    void selfSeed_fromTMinusOneReplies_isAnotherValue() {
        int[] xs = new int[2];
        byte[][] ys = new byte[2][];
        Topology t = new Topology(f.params);
        for (int i = 0; i < 2; i++) {
            xs[i] = t.x(replies.get(i).agent());
            ys[i] = replies.get(i).selfSeedShares().get(TARGET);
        }
        byte[] right = combine(TARGET, replies.subList(0, 3), true);
        BigInteger wrong = Shamir.combineToField(xs, ys);
        assertFalse(wrong.equals(new BigInteger(1, right)));
    }

    private byte[] combine(String owner, List<UnmaskReply> from, boolean seed) {
        Topology t = new Topology(f.params);
        int[] xs = new int[from.size()];
        byte[][] ys = new byte[from.size()][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = t.x(from.get(i).agent());
            ys[i] = (seed ? from.get(i).selfSeedShares() : from.get(i).maskKeyShares()).get(owner);
        }
        return Shamir.combine(xs, ys);
    }

    private static byte[] agree(KeyPair mine, KeyPair theirs) {
        return agreeRaw(mine.getPrivate(), (XECPublicKey) theirs.getPublic());
    }

    private static byte[] agreeRaw(java.security.PrivateKey mine, java.security.PublicKey theirs) {
        try {
            return X25519.agree(mine, theirs);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Pearson's chi-square of the low 4 bytes (the 32-bit ring element) against uniform. */
    private static double chiSquareOfBytes(long[] v) {
        long[] counts = new long[256];
        for (long x : v) {
            for (int b = 0; b < 4; b++) {
                counts[(int) ((x >>> (8 * b)) & 0xff)]++;
            }
        }
        double expected = 4.0 * v.length / 256;
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        return chi2;
    }
}
