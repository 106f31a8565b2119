package dev.pmad.privacy.accounting;

import java.util.Locale;

/**
 * Which neighbouring datasets a Poisson-subsampled release must hide, dp_accounting's {@code
 * NeighboringRelation}. It matters only under sampling: without it, replacing one contribution
 * by another that moves the release by at most the sensitivity is the same mechanism as adding
 * or removing one that moves it by as much (dp_accounting: "the privacy loss distribution for
 * REPLACE adjacency corresponds to the same privacy loss distribution with twice the
 * sensitivity"), so a {@link Mechanism} at sampling rate 1 is always {@link #ADD_OR_REMOVE}.
 */
public enum Neighbours {
    /**
     * One record (or agent) is added or removed; the noise multiplier is relative to what one
     * contribution can move the sum by. DP-SGD's relation (Abadi et al. 2016).
     */
    ADD_OR_REMOVE,
    /**
     * One contribution is replaced by another, each drawn with probability q; the noise
     * multiplier is relative to what the replacement can move the sum by (2C for contributions
     * of norm at most C). Central mode with client sampling: the roster is known, so an agent's
     * data is hidden by hiding what it sent, not whether it exists. The pair of distributions,
     * with contributions at +-1/2 of the replacement's sensitivity 1 (dp_accounting's REPLACE
     * adjacency, {@code privacy_loss_mechanism.AdditiveNoisePrivacyLoss}):
     * mu_upper = (1-q) N(0, z^2) + q N(-1/2, z^2), mu_lower = (1-q) N(0, z^2) + q N(1/2, z^2).
     */
    REPLACE_ONE;

    /** The lower-case name a ledger stores; {@link #parse} reads it back. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads {@code add-or-remove} or {@code replace-one}. */
    public static Neighbours parse(String text, String settingName) {
        for (Neighbours n : values()) {
            if (n.wireName().equals(text)) return n;
        }
        throw new IllegalArgumentException("unknown " + settingName + " '" + text + "': use add-or-remove or replace-one");
    }
}
