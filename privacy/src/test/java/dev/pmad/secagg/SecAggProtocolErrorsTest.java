package dev.pmad.secagg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.secagg.SecAggException.Reason;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every refused message throws its {@link Reason}, names the agent, and leaves the server able
 * to finish the round for the others.
 */
class SecAggProtocolErrorsTest {
    private static final List<String> FIVE = List.of("a", "b", "c", "d", "e");

    private static SecAggParams params(String run, int round) {
        return new SecAggParams(run, round, FIVE, 3, 32, Graph.COMPLETE, 100);
    }

    private static SecAggException refused(Reason reason, String mentions, Executable call) {
        SecAggException e = assertThrows(SecAggException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(mentions), e.getMessage());
        return e;
    }

    @Test
    void tamperedShare_failsGcm_atItsAddressee_whoDrops_andTheOthersFinish() {
        Federation f = new Federation(params("run", 1), 31);
        f.advertise(Set.of());
        f.shareKeys(Set.of());
        List<EncryptedShare> toC = new ArrayList<>(f.server.sharesFor("c"));
        EncryptedShare fromA = toC.stream().filter(s -> s.from().equals("a")).findFirst()
                .orElseThrow();
        byte[] box = fromA.nonceAndCiphertext();
        box[20] ^= 1;
        toC.set(toC.indexOf(fromA), new EncryptedShare("run", 1, "a", "c", box));

        refused(Reason.BAD_SHARE, "'a'", () -> f.clients.get("c").maskedInput(toC,
                f.inputs.get("c")));

        f.maskedInputs(Set.of("c"));
        f.unmask(Set.of());
        assertArrayEquals(f.plainSum(List.of("a", "b", "d", "e")), f.server.sum());
    }

    @Test
    void shareRelabelledToAnotherRound_failsGcm_becauseTheRoundIsAuthenticated() {
        Federation f = new Federation(params("run", 1), 32);
        f.advertise(Set.of());
        f.shareKeys(Set.of());
        List<EncryptedShare> toC = new ArrayList<>(f.server.sharesFor("c"));
        EncryptedShare s = toC.get(0);
        // Same bytes under another sender: the associated data names the real sender.
        EncryptedShare other = toC.get(1);
        toC.set(1, new EncryptedShare("run", 1, other.from(), "c", s.nonceAndCiphertext()));
        refused(Reason.BAD_SHARE, "'" + other.from() + "'",
                () -> f.clients.get("c").maskedInput(toC, f.inputs.get("c")));
    }

    @Test
    void replayedAdvertsAndShares_andMessagesOfAnotherRoundOrRun_areRefused() {
        Federation f = new Federation(params("run", 1), 33);
        KeyAdvert a = f.clients.get("a").advertise();
        f.server.accept(a);
        refused(Reason.DUPLICATE, "replayed advert of 'a'", () -> f.server.accept(a));
        SecAggClient aAgain = new SecAggClient("a", params("run", 1), new SecureRandom());
        refused(Reason.DUPLICATE, "'a'", () -> f.server.accept(aAgain.advertise()));
        SecAggClient nextRound = new SecAggClient("b", params("run", 2), new SecureRandom());
        refused(Reason.WRONG_ROUND, "round 2", () -> f.server.accept(nextRound.advertise()));
        SecAggClient otherRun = new SecAggClient("b", params("other-run", 1), new SecureRandom());
        refused(Reason.WRONG_RUN, "other-run", () -> f.server.accept(otherRun.advertise()));
        for (String x : List.of("b", "c", "d", "e")) {
            f.server.accept(f.clients.get(x).advertise());
        }

        List<KeyAdvert> roster = f.server.roster();
        refused(Reason.WRONG_PHASE, "advert of 'b'",
                () -> f.server.accept(f.clients.get("b").advertise()));
        List<EncryptedShare> fromB = f.clients.get("b").shareKeys(roster);
        f.server.accept(fromB, "b");
        refused(Reason.DUPLICATE, "'b'", () -> f.server.accept(fromB, "b"));
        refused(Reason.UNKNOWN_AGENT, "claiming to be from 'b'", () -> f.server.accept(fromB, "c"));
        for (String x : List.of("a", "c", "d", "e")) {
            f.server.accept(f.clients.get(x).shareKeys(roster), x);
        }

        // A share from another round's federation, relayed into this one.
        Federation old = new Federation(params("run", 0), 34);
        old.advertise(Set.of());
        old.shareKeys(Set.of());
        List<EncryptedShare> stale = old.server.sharesFor("c");
        refused(Reason.WRONG_ROUND, "round 0",
                () -> f.clients.get("c").maskedInput(stale, f.inputs.get("c")));
        // The same share with its round rewritten fails authentication.
        List<EncryptedShare> rewritten = new ArrayList<>(f.server.sharesFor("c"));
        EncryptedShare s0 = stale.get(0);
        rewritten.removeIf(s -> s.from().equals(s0.from()));
        rewritten.add(new EncryptedShare("run", 1, s0.from(), "c", s0.nonceAndCiphertext()));
        refused(Reason.BAD_SHARE, "'" + s0.from() + "'",
                () -> f.clients.get("c").maskedInput(rewritten, f.inputs.get("c")));

        long[] yA = f.clients.get("a").maskedInput(f.server.sharesFor("a"), f.inputs.get("a"));
        f.server.acceptMasked("a", yA);
        refused(Reason.DUPLICATE, "second masked input from 'a'",
                () -> f.server.acceptMasked("a", yA));
        for (String x : List.of("b", "c", "d", "e")) {
            f.server.acceptMasked(x, f.clients.get(x).maskedInput(f.server.sharesFor(x),
                    f.inputs.get(x)));
        }

        UnmaskRequest req = f.server.unmaskRequest();
        UnmaskReply rA = f.clients.get("a").unmask(req);
        f.server.accept(rA);
        refused(Reason.DUPLICATE, "second unmask reply from 'a'", () -> f.server.accept(rA));
        UnmaskRequest otherRound = new UnmaskRequest("run", 7, req.survivors(), req.dropped());
        refused(Reason.WRONG_ROUND, "round 7", () -> f.clients.get("b").unmask(otherRound));
        f.unmask(Set.of("a"));
        assertArrayEquals(f.plainSum(FIVE), f.server.sum());
    }

    @Test
    void agentLyingAboutItsMaskKey_isCaughtWhenItsKeyIsReconstructed() {
        Federation honest = new Federation(params("run", 1), 35);
        // 'b' advertises one mask public key but holds (and shares) another private key.
        SecureRandom rng = new SecureRandom();
        KeyPair advertised = X25519.generate(rng);
        KeyPair held = X25519.generate(rng);
        SecAggClient liar = new SecAggClient("b", honest.params, rng, X25519.generate(rng),
                new KeyPair(advertised.getPublic(), held.getPrivate()));
        honest.clients.put("b", liar);
        honest.advertise(Set.of());
        honest.shareKeys(Set.of());
        honest.maskedInputs(Set.of("b")); // the liar drops: its mask key is reconstructed
        honest.unmask(Set.of());

        SecAggException e = refused(Reason.KEY_MISMATCH, "'b'", honest.server::sum);
        assertTrue(e.getMessage().contains("advertised") && e.getMessage().contains("cannot finish"),
                e.getMessage());
    }

    @Test
    void wrongVectorLength_isRefused_andThatAgentCountsAsDropped() {
        Federation f = new Federation(params("run", 1), 36);
        f.advertise(Set.of());
        f.shareKeys(Set.of());
        refused(Reason.WRONG_LENGTH, "99", () -> f.clients.get("a").maskedInput(
                f.server.sharesFor("a"), new long[99]));
        long[] yD = f.clients.get("d").maskedInput(f.server.sharesFor("d"), f.inputs.get("d"));
        refused(Reason.WRONG_LENGTH, "'d'",
                () -> f.server.acceptMasked("d", java.util.Arrays.copyOf(yD, 101)));
        f.maskedInputs(Set.of("d"));
        assertEquals(List.of("d"), f.server.unmaskRequest().dropped());
        f.unmask(Set.of());
        assertArrayEquals(f.plainSum(List.of("a", "b", "c", "e")), f.server.sum());
    }

    @Test
    void revealingBothSecretsOfOneAgent_isRefusedByClientsAndServer() {
        Federation f = new Federation(params("run", 1), 37);
        f.advertise(Set.of());
        f.shareKeys(Set.of());
        f.maskedInputs(Set.of("e"));
        UnmaskRequest honest = f.server.unmaskRequest();
        assertEquals(List.of("e"), honest.dropped());

        UnmaskRequest both = new UnmaskRequest("run", 1, List.of("a", "b", "c", "d"),
                List.of("d", "e"));
        refused(Reason.REVEAL_BOTH, "'d'", () -> f.clients.get("a").unmask(both));
        UnmaskRequest selfDropped = new UnmaskRequest("run", 1, List.of("b", "c", "d"),
                List.of("a", "e"));
        refused(Reason.REVEAL_BOTH, "a: ", () -> f.clients.get("a").unmask(selfDropped));

        // A reply carrying both shares of 'c' is refused and not kept.
        UnmaskReply real = f.clients.get("a").unmask(honest);
        Map<String, byte[]> keys = new java.util.TreeMap<>(real.maskKeyShares());
        keys.put("c", real.selfSeedShares().get("c"));
        refused(Reason.REVEAL_BOTH, "'c'", () -> f.server.accept(new UnmaskReply("run", 1, "a",
                real.selfSeedShares(), keys)));
        // A second, different request to the same agent is refused too.
        UnmaskRequest narrower = new UnmaskRequest("run", 1, List.of("a", "b", "c"),
                List.of("d", "e"));
        refused(Reason.DUPLICATE, "already answered", () -> f.clients.get("a").unmask(narrower));

        f.server.accept(real);
        f.unmask(Set.of("a"));
        assertArrayEquals(f.plainSum(List.of("a", "b", "c", "d")), f.server.sum());
    }

    @Test
    void unknownAgents_badKeys_andAChangedOwnAdvert_areRefused() {
        Federation f = new Federation(params("run", 1), 38);
        SecAggParams withZ = new SecAggParams("run", 1, List.of("a", "b", "c", "d", "e", "z"), 3,
                32, Graph.COMPLETE, 100);
        SecAggClient z = new SecAggClient("z", withZ, new SecureRandom());
        refused(Reason.UNKNOWN_AGENT, "'z'", () -> f.server.accept(z.advertise()));
        KeyAdvert good = f.clients.get("a").advertise();
        refused(Reason.BAD_KEY, "'a'", () -> f.server.accept(new KeyAdvert("run", 1, "a",
                new byte[] {1, 2, 3}, good.maskPublicKey())));
        f.server.accept(good);
        refused(Reason.BAD_KEY, "'b'", () -> f.server.accept(new KeyAdvert("run", 1, "b",
                good.cipherPublicKey(), f.clients.get("b").advertise().maskPublicKey())));
        f.advertise(Set.of("a"));
        List<KeyAdvert> roster = new ArrayList<>(f.server.roster());
        KeyAdvert b = roster.get(1);
        roster.set(1, new KeyAdvert("run", 1, "b", b.maskPublicKey(), b.cipherPublicKey()));
        refused(Reason.ADVERT_CHANGED, "b: ", () -> f.clients.get("b").shareKeys(roster));
        f.shareKeys(Set.of());
        f.maskedInputs(Set.of());
        f.unmask(Set.of());
        assertArrayEquals(f.plainSum(FIVE), f.server.sum());
    }

    @Test
    void callsOutOfOrder_areRefusedWithThePhase() {
        Federation f = new Federation(params("run", 1), 39);
        refused(Reason.WRONG_PHASE, "shareKeys", () -> f.clients.get("a").shareKeys(List.of()));
        refused(Reason.WRONG_PHASE, "unmaskRequest", f.server::unmaskRequest);
        refused(Reason.WRONG_PHASE, "sum", f.server::sum);
    }
}
