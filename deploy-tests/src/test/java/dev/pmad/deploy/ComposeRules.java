package dev.pmad.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules any compose file of this project must follow, whatever it runs: the mistakes that
 * {@code docker compose config} would not catch, or only on a machine with Docker. Each method
 * adds one sentence per problem, naming the service and what to change.
 */
final class ComposeRules {
    /** Host ports the deployment must publish: the dashboard and MLflow. */
    static final Set<Integer> MUST_PUBLISH = Set.of(8081, 5000);
    /** Ports that must stay on the compose network: XMPP client-to-server. */
    static final Set<Integer> MUST_NOT_PUBLISH = Set.of(5222);
    /** Where generated secrets live; docker/secrets/.gitignore keeps them out of git. */
    static final String SECRETS_DIR = "docker/secrets/";

    private ComposeRules() {}

    /** Every rule; {@code projectDir} is where relative paths of the file start. */
    static List<String> check(ComposeFile compose, Path projectDir) {
        List<String> problems = new ArrayList<>();
        images(compose, problems);
        healthchecks(compose, problems);
        dependencies(compose, problems);
        secrets(compose, problems);
        volumes(compose, projectDir, problems);
        ports(compose, problems);
        resources(compose, problems);
        return problems;
    }

    static void images(ComposeFile compose, List<String> problems) {
        compose.services().values().forEach(s -> {
            if (s.image().isEmpty()) {
                if (!s.hasBuild()) problems.add("service " + s.name() + " has neither image nor build");
                else problems.add("service " + s.name() + " is built but has no image name with a tag (image: name:tag)");
                return;
            }
            String why = unpinned(s.image().get());
            if (why != null) problems.add("service " + s.name() + ": image '" + s.image().get() + "' " + why);
        });
    }

    /** Why an image reference is not pinned, or null if it is: an explicit tag that is not latest, or a digest. */
    static String unpinned(String image) {
        if (image.contains("@sha256:")) return null;
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        if (colon < 0 || colon == last.length() - 1) return "has no tag: pin a version (an explicit tag, never latest)";
        if (last.substring(colon + 1).equals("latest")) return "is tagged latest: pin a version";
        return null;
    }

    static void healthchecks(ComposeFile compose, List<String> problems) {
        compose.services().values().forEach(s -> {
            Map<String, Object> h = s.healthcheck();
            Object test = h.get("test");
            boolean none = test == null || (test instanceof List<?> l && (l.isEmpty() || "NONE".equals(String.valueOf(l.get(0)))))
                    || String.valueOf(test).isBlank();
            if (Boolean.TRUE.equals(h.get("disable")) || none) {
                problems.add("service " + s.name() + " has no health check (healthcheck.test); depends_on service_healthy needs one");
            }
        });
    }

    static void dependencies(ComposeFile compose, List<String> problems) {
        compose.services().values().forEach(s -> s.dependsOn().forEach((target, condition) -> {
            if (!compose.services().containsKey(target)) {
                problems.add("service " + s.name() + " depends on '" + target + "', which is not a service");
            } else if (!condition.equals("service_healthy") && !condition.equals("service_completed_successfully")) {
                problems.add("service " + s.name() + " starts when " + target + " has merely started (" + condition
                        + "): use condition: service_healthy");
            }
        }));
        for (String start : compose.services().keySet()) {
            if (reaches(compose, start, start, new HashSet<>())) problems.add("service " + start + " depends on itself through depends_on");
        }
    }

    private static boolean reaches(ComposeFile compose, String from, String goal, Set<String> seen) {
        ComposeService s = compose.services().get(from);
        if (s == null) return false;
        for (String next : s.dependsOn().keySet()) {
            if (next.equals(goal)) return true;
            if (seen.add(next) && reaches(compose, next, goal, seen)) return true;
        }
        return false;
    }

    static void secrets(ComposeFile compose, List<String> problems) {
        Set<String> used = new HashSet<>();
        compose.services().values().forEach(s -> s.secrets().forEach(ref -> {
            used.add(ref.source());
            if (!compose.secrets().containsKey(ref.source())) {
                problems.add("service " + s.name() + " uses secret '" + ref.source() + "', which the top-level secrets do not define");
            }
        }));
        compose.secrets().forEach((name, definition) -> {
            if (!used.contains(name)) problems.add("secret " + name + " is defined but no service uses it");
            Object file = definition.get("file");
            String path = file == null ? "" : String.valueOf(file).replaceFirst("^\\./", "");
            if (!path.startsWith(SECRETS_DIR) || path.length() == SECRETS_DIR.length()) {
                problems.add("secret " + name + " must be a file under ./" + SECRETS_DIR + " (made by docker/make-secrets.sh,"
                        + " never committed), is " + (file == null ? definition : file));
            }
        });
    }

    static void volumes(ComposeFile compose, Path projectDir, List<String> problems) {
        Set<String> used = new HashSet<>();
        compose.services().values().forEach(s -> s.volumes().forEach(m -> {
            if (m.isNamedVolume()) {
                used.add(m.source());
                if (!compose.volumes().containsKey(m.source())) {
                    problems.add("service " + s.name() + " mounts volume '" + m.source() + "', which the top-level volumes do not define");
                }
            } else if (m.type().equals("bind") && m.source() != null && m.source().startsWith(".")
                    && !Files.exists(projectDir.resolve(m.source()).normalize())) {
                problems.add("service " + s.name() + " bind-mounts " + m.source() + ", which does not exist");
            }
        }));
        compose.volumes().keySet().forEach(v -> {
            if (!used.contains(v)) problems.add("volume " + v + " is defined but no service mounts it");
        });
    }

    static void ports(ComposeFile compose, List<String> problems) {
        Set<Integer> published = new HashSet<>();
        compose.services().values().forEach(s -> {
            if ("host".equals(String.valueOf(s.get("network_mode")))) {
                problems.add("service " + s.name() + " uses network_mode: host, which publishes every port it listens on");
            }
            s.ports().stream().filter(ComposeService.PortMapping::published).forEach(p -> {
                if (p.hostPort() != null && p.hostPort() == p.containerPort()) published.add(p.hostPort());
                if (MUST_NOT_PUBLISH.contains(p.containerPort()) || (p.hostPort() != null && MUST_NOT_PUBLISH.contains(p.hostPort()))) {
                    problems.add("service " + s.name() + " publishes XMPP port " + p.containerPort()
                            + ": only the coordinator and the agents may reach Prosody, over the compose network");
                }
            });
        });
        MUST_PUBLISH.stream().sorted().forEach(port -> {
            if (!published.contains(port)) problems.add("no service publishes port " + port + " as " + port + ":" + port);
        });
    }

    /**
     * Every service has a memory and a CPU limit ({@code deploy.resources.limits}, or the older
     * {@code mem_limit}/{@code cpus}), so one runaway container cannot starve the others on the host.
     */
    static void resources(ComposeFile compose, List<String> problems) {
        compose.services().values().forEach(s -> {
            Map<String, Object> deploy = ComposeFile.mapping(s.get("deploy"), s.name() + ".deploy");
            Map<String, Object> resources = ComposeFile.mapping(deploy.get("resources"), s.name() + ".deploy.resources");
            Map<String, Object> limits = ComposeFile.mapping(resources.get("limits"), s.name() + ".deploy.resources.limits");
            if (blank(limits.get("memory")) && blank(s.get("mem_limit"))) {
                problems.add("service " + s.name() + " has no memory limit: set deploy.resources.limits.memory");
            }
            if (blank(limits.get("cpus")) && blank(s.get("cpus"))) {
                problems.add("service " + s.name() + " has no CPU limit: set deploy.resources.limits.cpus");
            }
        });
    }

    private static boolean blank(Object value) {
        return value == null || String.valueOf(value).isBlank();
    }
}
