package dev.pmad.protocol;

/** One agent's public keys of a secure round, as relayed in a {@link SecAggRoster}. */
public record SecAggKey(String agent, Blob cipherKey, Blob maskKey) {
    public SecAggKey {
        Checks.id(agent, "agent");
        Checks.present(cipherKey, "cipherKey");
        Checks.present(maskKey, "maskKey");
    }
}
