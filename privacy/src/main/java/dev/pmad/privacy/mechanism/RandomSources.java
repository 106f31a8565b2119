package dev.pmad.privacy.mechanism;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Where noise comes from. Production noise must be unpredictable to whoever sees the noised
 * output, so it comes from the operating system's entropy via {@link SecureRandom}; a
 * predictable generator would let an observer subtract the noise and undo the privacy.
 */
public final class RandomSources {
    private RandomSources() {}

    /** A {@link SecureRandom} seeded by the operating system: the generator for real runs. */
    public static RandomGenerator secureRandom() {
        return new SecureRandom();
    }

    /**
     * A SHA1PRNG generator seeded with {@code seed} before first use, hence deterministic: the
     * same seed gives the same noise on every JVM with the SUN provider.
     *
     * <p>For reproducible simulations and tests only. Anyone who knows or guesses the seed can
     * regenerate the noise and remove it, so a known seed gives <em>no privacy</em>; never use
     * it for data that leaves the machine.
     */
    public static RandomGenerator seededDrbg(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            // Seeding before any output replaces, rather than supplements, the OS seed.
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1PRNG is not available in this JVM: seeded"
                    + " simulations need a JDK with the standard SUN security provider", e);
        }
    }
}
