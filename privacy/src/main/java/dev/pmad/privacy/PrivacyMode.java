package dev.pmad.privacy;

import java.util.Locale;

/**
 * Which unit of data a run protects, and against whom ({@code DP_MODE}). The constants differ
 * in where clipping and noise happen; all of them are charged to the same accountant.
 */
public enum PrivacyMode {
    /** No clipping and no noise: nothing is protected. Also spelled {@code off}. */
    NONE,
    /** DP-SGD inside each agent: each training record is protected against everyone. */
    RECORD,
    /** Each agent clips and noises its own update: its whole dataset is protected against everyone. */
    LOCAL,
    /**
     * Agents clip, the coordinator noises the sum (DP-FedAvg): an agent's whole dataset is
     * protected against everyone except the coordinator.
     */
    CENTRAL;

    /**
     * Reads a setting value case-insensitively, accepting {@code none}, {@code off}, {@code
     * record}, {@code local} and {@code central}.
     *
     * @param settingName the name the user typed it under (e.g. {@code DP_MODE}), used in the
     *     error message so it points at the right knob
     * @throws IllegalArgumentException naming the setting and the accepted values
     */
    public static PrivacyMode parse(String text, String settingName) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (value) {
            case "none":
            case "off":
                return NONE;
            case "record":
                return RECORD;
            case "local":
                return LOCAL;
            case "central":
                return CENTRAL;
            default:
                throw new IllegalArgumentException("unknown " + settingName + " '" + text
                        + "': use none, record, local or central");
        }
    }

    /** The lower-case name used in settings, JSON and logs; {@link #parse} reads it back. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
