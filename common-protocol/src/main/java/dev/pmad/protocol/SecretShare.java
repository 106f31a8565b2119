package dev.pmad.protocol;

/** One Shamir share an agent holds of another agent's secret, revealed in an unmask reply. */
public record SecretShare(String agent, Blob share) {
    public SecretShare {
        Checks.id(agent, "agent");
        Checks.present(share, "share");
    }
}
