package dev.pmad.secagg;

/**
 * A source of integer noise, e.g. an exact discrete Gaussian sampler (Canonne, Kamath, Steinke
 * 2020) of the per-agent variance. Implementations must draw from a cryptographically secure
 * generator in real runs.
 */
@FunctionalInterface
public interface IntSampler {
    /** One independent draw. */
    long sample();
}
