package dev.pmad.privacy.accounting;

import java.util.Locale;

/**
 * Which accountant turns releases into epsilon ({@code --accountant} of {@code pmad privacy};
 * runs always use {@link #DEFAULT}).
 *
 * <p>Both are sound for every mechanism PMAD releases (Gaussian, Poisson-subsampled Gaussian
 * under either {@link Neighbours} relation, Laplace); PLD is tighter for the same noise (z=1, q=0.2, 100 steps at delta 1e-5: 14.53
 * against 16.08), RDP is cheaper and composes anything with an RDP curve (the agents' lifetime
 * ledgers keep one). {@link #TIGHTEST} asks both and keeps the smaller answer, which is a valid
 * bound since each is: that is the default for calibration and reporting.
 */
public enum Accountant {
    /** Renyi DP (Mironov 2017) with dp_accounting's orders and conversion: {@link RdpAccountant}. */
    RDP,
    /** Privacy loss distributions (Koskela et al. 2020; Doroshenko et al. 2022): {@link PldAccountant}. */
    PLD,
    /** The smaller epsilon of {@link #PLD} and {@link #RDP} for the same releases. */
    TIGHTEST;

    /** The default: the tighter of the valid accountants. */
    public static final Accountant DEFAULT = TIGHTEST;

    /** A new accountant of this kind with nothing spent. */
    public PrivacyAccountant create() {
        return switch (this) {
            case RDP -> new RdpAccountant();
            case PLD -> new PldAccountant();
            case TIGHTEST -> new TightestAccountant();
        };
    }

    /**
     * Reads a setting value case-insensitively: {@code rdp}, {@code pld} or {@code tightest}.
     *
     * @param settingName the name the user typed it under, for the error message
     */
    public static Accountant parse(String text, String settingName) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "rdp" -> RDP;
            case "pld" -> PLD;
            case "tightest" -> TIGHTEST;
            default -> throw new IllegalArgumentException("unknown " + settingName + " '" + text
                    + "': use pld, rdp or tightest (the smaller epsilon of the two)");
        };
    }

    /** The lower-case name used in settings, JSON and logs; {@link #parse} reads it back. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
