package dev.pmad.secagg;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Test driver: a server and one client per agent, in memory, with the server's traffic passed
 * by hand so a test can drop, tamper with or record any message.
 */
final class Federation {
    final SecAggParams params;
    final SecAggServer server;
    final Map<String, SecAggClient> clients = new LinkedHashMap<>();
    final Map<String, long[]> inputs = new LinkedHashMap<>();
    /** Every agent's key pairs, known to the test (as to a coalition of all agents). */
    final Map<String, KeyPair> cipherKeys = new LinkedHashMap<>();
    final Map<String, KeyPair> maskKeys = new LinkedHashMap<>();

    Federation(SecAggParams params, long seed) {
        this.params = params;
        this.server = new SecAggServer(params);
        SplittableRandom values = new SplittableRandom(seed);
        for (String a : params.agents()) {
            SecureRandom rng = new SecureRandom();
            cipherKeys.put(a, X25519.generate(rng));
            maskKeys.put(a, X25519.generate(rng));
            clients.put(a, new SecAggClient(a, params, rng, cipherKeys.get(a), maskKeys.get(a)));
            long[] x = new long[params.length()];
            for (int i = 0; i < x.length; i++) {
                x[i] = values.nextLong() & params.ringMask();
            }
            inputs.put(a, x);
        }
    }

    static List<String> names(int n) {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            a.add(String.format("agent-%03d", i));
        }
        return a;
    }

    void advertise(Set<String> skip) {
        clients.forEach((a, c) -> {
            KeyAdvert adv = c.advertise();
            if (!skip.contains(a)) {
                server.accept(adv);
            }
        });
    }

    void shareKeys(Set<String> skip) {
        List<KeyAdvert> roster = server.roster();
        for (KeyAdvert adv : roster) {
            if (!skip.contains(adv.agent())) {
                server.accept(clients.get(adv.agent()).shareKeys(roster), adv.agent());
            }
        }
    }

    /** Sends the masked inputs of those in U2 not in {@code skip}. */
    void maskedInputs(Set<String> skip) {
        for (KeyAdvert adv : server.roster()) {
            String a = adv.agent();
            if (skip.contains(a)) {
                continue;
            }
            List<EncryptedShare> toMe;
            try {
                toMe = server.sharesFor(a);
            } catch (SecAggException e) {
                continue; // did not share keys
            }
            server.acceptMasked(a, clients.get(a).maskedInput(toMe, inputs.get(a)));
        }
    }

    void unmask(Set<String> skip) {
        UnmaskRequest req = server.unmaskRequest();
        for (String a : req.survivors()) {
            if (!skip.contains(a)) {
                server.accept(clients.get(a).unmask(req));
            }
        }
    }

    long[] plainSum(Iterable<String> who) {
        long[] s = new long[params.length()];
        for (String a : who) {
            long[] x = inputs.get(a);
            for (int i = 0; i < s.length; i++) {
                s[i] += x[i];
            }
        }
        for (int i = 0; i < s.length; i++) {
            s[i] &= params.ringMask();
        }
        return s;
    }

    long[] runAll() {
        advertise(Set.of());
        shareKeys(Set.of());
        maskedInputs(Set.of());
        unmask(Set.of());
        return server.sum();
    }
}
