package dev.pmad.agent.data;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent seeds from a run seed and labels (round, agent), so that no two uses
 * share a random stream and a result never depends on the order in which threads ran.
 */
public final class Seeds {
    private Seeds() {}

    public static long mix(long seed, long... parts) {
        long h = splitmix(seed);
        for (long p : parts) h = splitmix(h ^ splitmix(p));
        return h;
    }

    /** A stable seed component from a string such as an agent id (not String.hashCode-dependent). */
    public static long of(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long splitmix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
