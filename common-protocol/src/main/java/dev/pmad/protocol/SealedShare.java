package dev.pmad.protocol;

/**
 * One agent's Shamir shares for another, sealed with AES-GCM under a key only those two agree:
 * the coordinator relays it and cannot read it.
 */
public record SealedShare(String from, String to, Blob sealed) {
    public SealedShare {
        Checks.id(from, "from");
        Checks.id(to, "to");
        Checks.present(sealed, "sealed");
    }
}
