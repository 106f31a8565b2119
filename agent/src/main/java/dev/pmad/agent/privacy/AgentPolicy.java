package dev.pmad.agent.privacy;

import dev.pmad.privacy.PrivacyMode;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the data owner allows to be done with this agent's data, set in the agent's own
 * environment and never taken from the coordinator: in federated learning the coordinator is the
 * party the data is protected from, so a round asking for less protection than this policy is
 * refused before any computation on the data.
 *
 * @param modes              privacy modes the owner accepts ({@code AGENT_DP_MODES}); {@code none}
 *                           only when listed
 * @param lifetimeEpsilon    the dataset's lifetime budget at {@link #delta} ({@code AGENT_DP_EPSILON}),
 *                           across every run and restart, kept in the agent's ledger
 * @param delta              the owner's delta ({@code AGENT_DP_DELTA}): the agent computes every
 *                           epsilon at this delta, and refuses runs that claim a larger one
 * @param maxClipNorm        the largest clip norm (sensitivity) accepted ({@code AGENT_DP_MAX_CLIP_NORM})
 * @param minNoiseMultiplier the smallest noise multiplier accepted, 0 for none
 *                           ({@code AGENT_DP_MIN_NOISE_MULTIPLIER})
 * @param releaseNoise       the noise multiplier of the agent's own small releases when it releases
 *                           no exact aggregate: row counts and feature statistics at JOIN,
 *                           evaluation counts ({@code AGENT_DP_RELEASE_NOISE})
 * @param exactAggregates    the owner's documented decision to let row counts, feature statistics,
 *                           training losses and evaluation counts leave exactly and uncharged
 *                           ({@code AGENT_DP_EXACT_AGGREGATES}); implied when {@code none} is accepted
 * @param requireSecureAggregation refuse every round whose updates the coordinator would see one
 *                           by one: only rounds with secure aggregation are answered
 *                           ({@code AGENT_REQUIRE_SECURE_AGGREGATION})
 */
public record AgentPolicy(Set<PrivacyMode> modes, double lifetimeEpsilon, double delta, double maxClipNorm,
                          double minNoiseMultiplier, double releaseNoise, boolean exactAggregates,
                          boolean requireSecureAggregation) {
    /** Without requiring secure aggregation. */
    public AgentPolicy(Set<PrivacyMode> modes, double lifetimeEpsilon, double delta, double maxClipNorm,
                       double minNoiseMultiplier, double releaseNoise, boolean exactAggregates) {
        this(modes, lifetimeEpsilon, delta, maxClipNorm, minNoiseMultiplier, releaseNoise, exactAggregates, false);
    }

    /** The same policy, requiring secure aggregation or not. */
    public AgentPolicy withSecureAggregationRequired(boolean required) {
        return new AgentPolicy(modes, lifetimeEpsilon, delta, maxClipNorm, minNoiseMultiplier, releaseNoise,
                exactAggregates, required);
    }

    /** The fail-closed defaults of {@code pmad agent}: record or local DP, lifetime epsilon 10 at delta 1e-5. */
    public static final AgentPolicy SERVICE_DEFAULT = new AgentPolicy(EnumSet.of(PrivacyMode.RECORD, PrivacyMode.LOCAL),
            10, 1e-5, 1.0, 0, 20, false);

    public AgentPolicy {
        if (modes == null || modes.isEmpty()) {
            throw new IllegalArgumentException("AGENT_DP_MODES lists no mode: give at least one of record, local, central, none");
        }
        modes = Set.copyOf(modes);
        boolean dp = modes.stream().anyMatch(m -> m != PrivacyMode.NONE);
        if (!Double.isFinite(lifetimeEpsilon) || lifetimeEpsilon < 0 || (dp && lifetimeEpsilon == 0)) {
            throw new IllegalArgumentException("AGENT_DP_EPSILON must be a finite number > 0 (the dataset's lifetime budget),"
                    + " was " + lifetimeEpsilon);
        }
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("AGENT_DP_DELTA must be in (0, 1), was " + delta);
        if (!(maxClipNorm > 0) || !Double.isFinite(maxClipNorm)) {
            throw new IllegalArgumentException("AGENT_DP_MAX_CLIP_NORM must be a positive number, was " + maxClipNorm);
        }
        if (!(minNoiseMultiplier >= 0) || !Double.isFinite(minNoiseMultiplier)) {
            throw new IllegalArgumentException("AGENT_DP_MIN_NOISE_MULTIPLIER must be a finite number >= 0, was "
                    + minNoiseMultiplier);
        }
        if (!(releaseNoise > 0) || !Double.isFinite(releaseNoise)) {
            throw new IllegalArgumentException("AGENT_DP_RELEASE_NOISE must be a positive number, was " + releaseNoise);
        }
    }

    /**
     * A policy for simulations of a run in {@code mode}: agents accept that mode, as strictly as
     * deployed agents do (so a DP simulation releases no exact aggregate), with the given lifetime
     * budget, or an unbounded one when {@code lifetimeEpsilon} is 0, in which case each run's own
     * plan is the only limit.
     */
    public static AgentPolicy simulation(PrivacyMode mode, double lifetimeEpsilon, double delta) {
        return new AgentPolicy(EnumSet.of(mode), lifetimeEpsilon > 0 ? lifetimeEpsilon : Double.MAX_VALUE,
                delta, Double.MAX_VALUE, 0, SERVICE_DEFAULT.releaseNoise(), false);
    }

    /** Parses {@code AGENT_DP_MODES}: a comma-separated list of none, record, local and central. */
    public static Set<PrivacyMode> parseModes(String text) {
        Set<PrivacyMode> modes = EnumSet.noneOf(PrivacyMode.class);
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            modes.add(PrivacyMode.parse(part, "AGENT_DP_MODES entry"));
        }
        if (modes.isEmpty()) throw new IllegalArgumentException("AGENT_DP_MODES='" + text + "' lists no mode: use e.g. record,local");
        return modes;
    }

    public boolean accepts(PrivacyMode mode) {
        return modes.contains(mode);
    }

    /**
     * True when the owner accepts no run without DP: then exact statistics never leave the agent,
     * not even in its JOIN, since it cannot know yet which mode the next run will use.
     */
    public boolean dpOnly() {
        return !modes.contains(PrivacyMode.NONE);
    }

    /** Counts, statistics, losses and evaluation counts leave only noised and charged. */
    public boolean noisedAggregates() {
        return dpOnly() && !exactAggregates;
    }

    /** The accepted modes as the owner would write them, e.g. {@code local,record}. */
    public String modesText() {
        return modes.stream().sorted().map(PrivacyMode::wireName).collect(Collectors.joining(","));
    }

    public boolean unboundedLifetime() {
        return lifetimeEpsilon == Double.MAX_VALUE;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "modes %s, lifetime epsilon %s at delta %.1e, clip norm <= %s, noise multiplier >= %s",
                modesText(), unboundedLifetime() ? "unbounded" : Double.toString(lifetimeEpsilon), delta,
                maxClipNorm == Double.MAX_VALUE ? "any" : Double.toString(maxClipNorm), minNoiseMultiplier)
                + (requireSecureAggregation ? ", secure aggregation required" : "");
    }
}
