package dev.pmad.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rules about what the compose file runs: one coordinator and its agents from the PMAD image,
 * each with its own XMPP identity and password secret, provisioned on the Prosody service, and
 * each with the data it trains on.
 */
final class FederationRules {
    enum Role { COORDINATOR, AGENT }

    private FederationRules() {}

    /** The services that run the image built from ./Dockerfile, by the role their command gives them. */
    static Map<String, Role> roles(ComposeFile compose) {
        Set<String> built = new HashSet<>();
        compose.services().values().stream().filter(ComposeService::hasBuild).forEach(s -> s.image().ifPresent(built::add));
        Map<String, Role> roles = new LinkedHashMap<>();
        compose.services().values().forEach(s -> {
            if (!s.hasBuild() && s.image().map(i -> !built.contains(i)).orElse(true)) return;
            List<String> command = s.command();
            if (!command.isEmpty() && command.get(0).equals("coordinator")) roles.put(s.name(), Role.COORDINATOR);
            if (!command.isEmpty() && command.get(0).equals("agent")) roles.put(s.name(), Role.AGENT);
        });
        return roles;
    }

    static Optional<ComposeService> prosody(ComposeFile compose) {
        return compose.services().values().stream().filter(s -> s.image().orElse("").startsWith("prosody/prosody:")).findFirst();
    }

    static List<String> check(ComposeFile compose, ImageFiles image) {
        List<String> problems = new ArrayList<>();
        Map<String, Role> roles = roles(compose);
        long coordinators = roles.values().stream().filter(r -> r == Role.COORDINATOR).count();
        long agents = roles.values().stream().filter(r -> r == Role.AGENT).count();
        if (coordinators != 1) problems.add("the compose file must run one coordinator (command: [coordinator]) from the PMAD image, runs " + coordinators);
        if (agents == 0) problems.add("the compose file runs no agent (command: [agent]) from the PMAD image");
        Optional<ComposeService> prosody = prosody(compose);
        if (prosody.isEmpty()) problems.add("the compose file has no prosody/prosody service for the agents to reach the coordinator through");
        identities(compose, roles, prosody.orElse(null), problems);
        roles.forEach((name, role) -> data(compose.services().get(name), role, image, problems));
        partitions(compose, roles, problems);
        enrolment(compose, roles, problems);
        return problems;
    }

    /** Unique ids, a password secret of one's own, provisioned on Prosody under the same name; one server and domain. */
    static void identities(ComposeFile compose, Map<String, Role> roles, ComposeService prosody, List<String> problems) {
        Map<String, String> idOwner = new HashMap<>();
        Map<String, String> secretOwner = new HashMap<>();
        Set<String> accounts = prosody == null ? Set.of() : Set.of(prosody.environment().getOrDefault("XMPP_ACCOUNTS", "").trim().split("\\s+"));
        String domain = prosody == null ? null : prosody.environment().getOrDefault("XMPP_DOMAIN", "pmad.local");
        roles.forEach((name, role) -> {
            ComposeService s = compose.services().get(name);
            Map<String, String> env = s.environment();
            String idVariable = role == Role.AGENT ? "AGENT_ID" : "COORDINATOR_ID";
            String id = blankToNull(env.getOrDefault(idVariable, role == Role.AGENT ? null : "coordinator"));
            if (id == null) {
                problems.add(name + " has no " + idVariable + ": every agent needs its own XMPP account");
                return;
            }
            String other = idOwner.putIfAbsent(id, name);
            if (other != null) problems.add(name + " has " + idVariable + "=" + id + ", the same XMPP account as " + other);
            if (blankToNull(env.get("XMPP_PASSWORD")) != null) problems.add(name + " sets XMPP_PASSWORD in the environment: use a secret and XMPP_PASSWORD_FILE");
            String file = blankToNull(env.get("XMPP_PASSWORD_FILE"));
            Optional<ComposeService.SecretRef> secret = s.secrets().stream().filter(r -> r.path().equals(file)).findFirst();
            if (secret.isEmpty()) {
                problems.add(name + ": XMPP_PASSWORD_FILE=" + file + " is not one of its own secrets " + s.secrets().stream().map(ComposeService.SecretRef::path).toList());
            } else {
                String owner = secretOwner.putIfAbsent(secret.get().source(), name);
                if (owner != null) problems.add(name + " shares the password secret " + secret.get().source() + " with " + owner + ": each party needs its own");
                if (prosody != null && prosody.secrets().stream().noneMatch(r -> r.path().equals("/run/secrets/" + id) && r.source().equals(secret.get().source()))) {
                    problems.add("prosody provisions account " + id + " from /run/secrets/" + id + ", which must be " + name + "'s secret " + secret.get().source());
                }
            }
            if (prosody != null && !accounts.contains(id)) problems.add("prosody does not provision the account " + id + " of " + name + " (XMPP_ACCOUNTS)");
            if (prosody != null && !prosody.name().equals(env.get("XMPP_SERVER"))) {
                problems.add(name + ": XMPP_SERVER=" + env.get("XMPP_SERVER") + " is not the prosody service (" + prosody.name() + ")");
            }
            if (domain != null && !domain.equals(env.getOrDefault("XMPP_DOMAIN", env.get("XMPP_SERVER")))) {
                problems.add(name + ": XMPP_DOMAIN=" + env.get("XMPP_DOMAIN") + " differs from prosody's " + domain);
            }
            if ("false".equalsIgnoreCase(env.get("XMPP_REQUIRE_TLS"))) problems.add(name + " turns TLS off (XMPP_REQUIRE_TLS=false)");
            String ca = blankToNull(env.get("XMPP_CA_CERT"));
            if (ca == null || mountOf(s, ca).isEmpty()) problems.add(name + ": XMPP_CA_CERT=" + ca + " is not on a volume of the service (the xmpp-ca volume Prosody writes)");
        });
    }

    /** The schema for everyone, and each agent's CSV: baked into the image or on a volume of the service. */
    static void data(ComposeService s, Role role, ImageFiles image, List<String> problems) {
        List<String> needed = role == Role.AGENT ? List.of("SCHEMA_PATH", "DATA_PATH") : List.of("SCHEMA_PATH");
        for (String variable : needed) {
            String path = blankToNull(s.environment().get(variable));
            if (path == null) {
                problems.add(s.name() + " has no data: set " + variable + (role == Role.AGENT ? " (its CSV)" : " (the shared schema)"));
            } else if (mountOf(s, path).isEmpty() && image.source(path).isEmpty()) {
                problems.add(s.name() + ": " + variable + "=" + path + " is neither a file baked into the image (Dockerfile COPY)"
                        + " nor on a volume mounted by the service");
            }
        }
        String test = blankToNull(s.environment().get("TEST_DATA_PATH"));
        if (test != null && mountOf(s, test).isEmpty() && image.source(test).isEmpty()) {
            problems.add(s.name() + ": TEST_DATA_PATH=" + test + " is neither in the image nor on a volume of the service");
        }
    }

    /** Agents splitting one file: AGENT_COUNT is their number, indexes 1..count each used once; the quorum can be met. */
    static void partitions(ComposeFile compose, Map<String, Role> roles, List<String> problems) {
        List<ComposeService> agents = roles.entrySet().stream().filter(e -> e.getValue() == Role.AGENT)
                .map(e -> compose.services().get(e.getKey())).toList();
        List<ComposeService> splitting = agents.stream()
                .filter(a -> !Objects.requireNonNullElse(blankToNull(a.environment().get("PARTITION")), "none").equals("none")).toList();
        Map<String, String> indexOwner = new HashMap<>();
        for (ComposeService a : splitting) {
            String count = a.environment().get("AGENT_COUNT");
            if (!String.valueOf(splitting.size()).equals(count)) {
                problems.add(a.name() + ": AGENT_COUNT=" + count + " but " + splitting.size() + " agents split the data (PARTITION)");
            }
            String index = a.environment().get("AGENT_INDEX");
            if (index == null || !index.matches("\\d+") || Integer.parseInt(index) < 1 || Integer.parseInt(index) > splitting.size()) {
                problems.add(a.name() + ": AGENT_INDEX=" + index + " must be 1 to " + splitting.size());
            } else if (indexOwner.putIfAbsent(index, a.name()) != null) {
                problems.add(a.name() + " has AGENT_INDEX=" + index + " like " + indexOwner.get(index) + ": they would train on the same rows");
            }
        }
        roles.forEach((name, role) -> {
            if (role != Role.COORDINATOR) return;
            String min = Objects.requireNonNullElse(blankToNull(compose.services().get(name).environment().get("MIN_AGENTS")), "5");
            if (min.matches("\\d+") && Integer.parseInt(min) > agents.size()) {
                problems.add(name + " waits for MIN_AGENTS=" + min + " agents, but the compose file runs " + agents.size());
            } else if (min.matches("\\d+") && agents.size() > 1 && Integer.parseInt(min) >= agents.size()) {
                // With every agent needed, one lost agent (a crash, a refusal) stalls every run.
                problems.add(name + ": MIN_AGENTS=" + min + " needs every one of the " + agents.size()
                        + " agents, so losing one stalls every run; default it to " + (agents.size() - 1) + " or fewer");
            }
        });
    }

    /**
     * The coordinator's allow-list (AGENTS at its compose default) names every agent the file runs:
     * an agent left out would be refused at JOIN. AGENTS_FILE or '*' are taken as they are.
     */
    static void enrolment(ComposeFile compose, Map<String, Role> roles, List<String> problems) {
        roles.forEach((name, role) -> {
            if (role != Role.COORDINATOR) return;
            Map<String, String> env = compose.services().get(name).environment();
            String listed = blankToNull(Interpolation.apply(Objects.requireNonNullElse(env.get("AGENTS"), ""), Map.of(),
                    new ArrayList<>()));
            String file = blankToNull(Interpolation.apply(Objects.requireNonNullElse(env.get("AGENTS_FILE"), ""), Map.of(),
                    new ArrayList<>()));
            if (listed == null && file == null) {
                problems.add(name + " has no allow-list of agents: set AGENTS (or AGENTS_FILE); without it the coordinator refuses to start");
                return;
            }
            if (listed == null || listed.equals("*") || file != null) return;
            Set<String> enrolled = new HashSet<>();
            for (String entry : listed.split("[,\\s]+")) enrolled.add(entry.contains("@") ? entry.substring(0, entry.indexOf('@')) : entry);
            roles.forEach((agent, r) -> {
                if (r != Role.AGENT) return;
                String id = blankToNull(compose.services().get(agent).environment().get("AGENT_ID"));
                if (id != null && !enrolled.contains(id)) {
                    problems.add(agent + " (AGENT_ID=" + id + ") is not in " + name + "'s AGENTS=" + listed + ": it would be refused");
                }
            });
        });
    }

    static Optional<ComposeService.Mount> mountOf(ComposeService s, String path) {
        return s.volumes().stream().filter(m -> path.equals(m.target()) || path.startsWith(m.target().endsWith("/") ? m.target() : m.target() + "/"))
                .findFirst();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
