package dev.pmad.coordinator.roster;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may join: the bare JIDs of the enrolled agents, or anyone on the XMPP server.
 *
 * <p>Enrolment is by account, not by token: the XMPP server authenticates every account with its
 * password and stamps the bare JID on each stanza, and the transport refuses a message whose
 * declared sender differs from it; so "this JID is in the list" already means "this party holds
 * that account's password". A token in JOIN would be a second secret per agent checked by the same
 * coordinator, adding provisioning without adding a party who could say no.
 *
 * <p>Immutable and thread-safe: the transport asks {@link #admits} before it reads a payload.
 *
 * @param agents the enrolled agents' bare JIDs, lower case (JID local parts and domains compare
 *               case-insensitively); empty with {@code anyone}
 * @param anyone every account on the server may join ({@code AGENTS=*}): only for a server whose
 *               accounts are all agents of this federation
 */
public record Enrolment(Set<String> agents, boolean anyone) {
    /** Any account on the server; what an in-process coordinator without a list uses. */
    public static final Enrolment ANYONE = new Enrolment(Set.of(), true);

    public Enrolment {
        agents = Set.copyOf(new TreeSet<>(agents));
        if (anyone && !agents.isEmpty()) {
            throw new IllegalArgumentException("an allow-list of agents and '*' (anyone) exclude each other");
        }
        if (!anyone && agents.isEmpty()) {
            throw new IllegalArgumentException("the allow-list of agents is empty: nobody could join");
        }
    }

    /** Exactly these agents (bare JIDs). */
    public static Enrolment of(Set<String> jids) {
        var normalised = new TreeSet<String>();
        for (String jid : jids) normalised.add(normalise(jid));
        return new Enrolment(normalised, false);
    }

    /**
     * Parses an allow-list: agent ids ({@code agent-1}, completed with {@code domain}) or bare
     * JIDs ({@code agent-1@example.org}), separated by commas, spaces or new lines; {@code #}
     * starts a comment that runs to the end of the line. {@code *} alone means anyone.
     *
     * @param source names the setting in error messages, e.g. {@code AGENTS} or {@code AGENTS_FILE=/x}
     * @throws IllegalArgumentException naming the entry and saying what to write instead
     */
    public static Enrolment parse(String text, String domain, String source) {
        var jids = new TreeSet<String>();
        boolean star = false;
        for (String line : text.split("\\R")) {
            int hash = line.indexOf('#');
            String content = hash < 0 ? line : line.substring(0, hash);
            for (String entry : content.split("[,\\s]+")) {
                if (entry.isEmpty()) continue;
                if (entry.equals("*")) {
                    star = true;
                    continue;
                }
                jids.add(jid(entry, domain, source));
            }
        }
        if (star && !jids.isEmpty()) {
            throw new IllegalArgumentException(source + ": '*' (anyone on the XMPP server) cannot be combined with a list"
                    + " of agents; give either the list or '*'");
        }
        if (star) return ANYONE;
        if (jids.isEmpty()) {
            throw new IllegalArgumentException(source + " names no agent: list the agents' ids or bare JIDs"
                    + " (e.g. agent-1,agent-2), or '*' to let any account on the XMPP server join");
        }
        return new Enrolment(jids, false);
    }

    /** Whether {@code jid} (a bare JID, as the transport reports senders) may join. */
    public boolean admits(String jid) {
        return anyone || agents.contains(jid) || agents.contains(jid.toLowerCase(Locale.ROOT));
    }

    /** For the log: how many agents are enrolled, or that anyone may join. */
    public String describe() {
        return anyone ? "any account on the XMPP server (AGENTS=*)" : agents.size() + " enrolled agents";
    }

    private static String jid(String entry, String domain, String source) {
        if (entry.indexOf('/') >= 0) {
            throw new IllegalArgumentException(source + ": '" + entry + "' is a full JID with a resource; give the bare"
                    + " JID (" + entry.substring(0, entry.indexOf('/')) + ") or the agent id");
        }
        int at = entry.indexOf('@');
        if (at == 0 || at == entry.length() - 1 || entry.indexOf('@', at + 1) >= 0) {
            throw new IllegalArgumentException(source + ": '" + entry + "' is neither an agent id (agent-1) nor a bare JID"
                    + " (agent-1@" + domain + ")");
        }
        return normalise(at < 0 ? entry + "@" + domain : entry);
    }

    private static String normalise(String jid) {
        return jid.strip().toLowerCase(Locale.ROOT);
    }
}
