package dev.pmad.coordinator;

import static org.awaitility.Awaitility.await;

import dev.pmad.coordinator.secure.SecureRound;
import dev.pmad.protocol.Blob;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.RingVector;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.SealedShare;
import dev.pmad.protocol.SecAggKeys;
import dev.pmad.protocol.SecAggMasked;
import dev.pmad.protocol.SecAggRoster;
import dev.pmad.protocol.SecAggRouted;
import dev.pmad.protocol.SecAggShares;
import dev.pmad.protocol.SecAggUnmask;
import dev.pmad.protocol.SecAggUnmaskReply;
import dev.pmad.protocol.SecretShare;
import dev.pmad.secagg.DistributedDp;
import dev.pmad.secagg.EncryptedShare;
import dev.pmad.secagg.KeyAdvert;
import dev.pmad.secagg.SecAggClient;
import dev.pmad.secagg.UnmaskReply;
import dev.pmad.secagg.UnmaskRequest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * A scripted agent that takes part in secure rounds with the privacy module's real
 * {@link SecAggClient}, one step at a time as the test says (so that a test can stop it between
 * any two steps), and can send whatever a hostile agent would.
 */
final class SecureAgent {
    final ScriptedAgent scripted;
    final int samples;
    private RoundStart start;
    private SecAggClient client;
    private long[] input;

    SecureAgent(ScriptedAgent scripted, int samples) {
        this.scripted = scripted;
        this.samples = samples;
    }

    String id() {
        return scripted.id;
    }

    /** Waits for round {@code round}'s ROUND_START and answers it with {@code delta}'s keys. */
    SecAggKeys keys(int round, double... delta) {
        await(id() + " in round " + round).until(() -> scripted.lastRoundStart() != null
                && scripted.lastRoundStart().round() == round);
        start = scripted.lastRoundStart();
        var secure = start.secure();
        double weight = (double) Math.min(samples, secure.maxSamples()) / secure.maxSamples();
        double[] x = new double[delta.length + 1];
        for (int i = 0; i < delta.length; i++) x[i] = weight * delta[i];
        x[delta.length] = weight;
        input = SecureRound.quantizer(secure).encode(x);
        if (start.privacy().mode().equals("central")) {
            // Distributed DP: as a real agent, the clipped delta on the lattice plus its share of the noise.
            var p = start.privacy();
            input = DistributedDp.of(p.clipNorm(), p.noiseMultiplier(), secure.threshold(), secure.agents().size(),
                    delta.length, secure.bits()).encode(delta, new SecureRandom());
        }
        client = new SecAggClient(id(), SecureRound.params(start.runId(), round, secure, delta.length), new SecureRandom());
        KeyAdvert a = client.advertise();
        var keys = new SecAggKeys(start.runId(), round, id(), Blob.of(a.cipherPublicKey()), Blob.of(a.maskPublicKey()));
        scripted.send(keys);
        return keys;
    }

    /** Answers the roster with this agent's sealed shares, and returns them. */
    SecAggShares shares() {
        SecAggShares shares = sharesWithoutSending();
        scripted.send(shares);
        return shares;
    }

    /** This agent's sealed shares for the roster, not sent (a test may tamper with them). */
    SecAggShares sharesWithoutSending() {
        SecAggRoster roster = awaitLast(SecAggRoster.class);
        var adverts = roster.keys().stream().map(k -> new KeyAdvert(start.runId(), start.round(), k.agent(),
                k.cipherKey().toArray(), k.maskKey().toArray())).toList();
        var shares = new SecAggShares(start.runId(), start.round(), id(), client.shareKeys(adverts).stream()
                .map(s -> new SealedShare(s.from(), s.to(), Blob.of(s.nonceAndCiphertext()))).toList());
        return shares;
    }

    /** Answers the routed shares with this agent's masked input. */
    SecAggMasked masked() {
        SecAggRouted routed = awaitLast(SecAggRouted.class);
        List<EncryptedShare> toMe = routed.shares().stream().map(s -> new EncryptedShare(start.runId(), start.round(),
                s.from(), s.to(), s.sealed().toArray())).toList();
        var masked = new SecAggMasked(start.runId(), start.round(), id(), RingVector.of(client.maskedInput(toMe, input)));
        scripted.send(masked);
        return masked;
    }

    /** Answers the unmask request. */
    void unmask() {
        SecAggUnmask u = awaitLast(SecAggUnmask.class);
        UnmaskReply reply = client.unmask(new UnmaskRequest(start.runId(), start.round(), u.survivors(), u.dropped()));
        scripted.send(new SecAggUnmaskReply(start.runId(), start.round(), id(), list(reply.selfSeedShares()),
                list(reply.maskKeyShares())));
    }

    void send(Message message) {
        scripted.send(message);
    }

    RoundStart start() {
        return start;
    }

    private <T extends Message> T awaitLast(Class<T> type) {
        await(id() + " receives " + type.getSimpleName() + " of round " + start.round()).until(() ->
                scripted.receivedOf(type).stream().anyMatch(m -> m.round() == start.round()));
        var all = scripted.receivedOf(type).stream().filter(m -> m.round() == start.round()).toList();
        return all.get(all.size() - 1);
    }

    private static List<SecretShare> list(Map<String, byte[]> shares) {
        return shares.entrySet().stream().map(e -> new SecretShare(e.getKey(), Blob.of(e.getValue()))).toList();
    }
}
