package dev.pmad.secagg;

/**
 * The masks of Bonawitz et al. 2017, Fig. 4, Round 2: the self mask p_u = PRG(b_u) and the
 * pairwise mask p_{u,v} = Delta_{u,v} PRG(s_{u,v}), s_{u,v} = KA.agree(s_u^SK, s_v^PK). The PRG
 * keys come from {@link Hkdf} with the run, round and agents as context (our domain
 * separation; the paper feeds the seeds to the PRG directly).
 */
final class Masks {
    private Masks() {}

    static byte[] selfKey(byte[] seed, String runId, int round, String agent) {
        return Hkdf.derive(Context.SALT, seed, Context.of("self-mask", runId, round, agent), 32);
    }

    static byte[] pairKey(byte[] agreed, String runId, int round, String a, String b) {
        String lo = a.compareTo(b) < 0 ? a : b;
        String hi = a.compareTo(b) < 0 ? b : a;
        return Hkdf.derive(Context.SALT, agreed, Context.of("pair-mask", runId, round, lo, hi), 32);
    }

    static void reduce(long[] v, long ringMask) {
        for (int i = 0; i < v.length; i++) {
            v[i] &= ringMask;
        }
    }
}
