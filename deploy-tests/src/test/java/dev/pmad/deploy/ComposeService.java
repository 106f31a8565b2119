package dev.pmad.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One service of a {@link ComposeFile}, with compose's short and long syntaxes read into records. */
final class ComposeService {
    /** A volume, bind or tmpfs mount. */
    record Mount(String type, String source, String target, boolean readOnly) {
        boolean isNamedVolume() {
            return type.equals("volume") && source != null;
        }
    }

    /** A port: {@code hostPort} null means published on a random host port; {@code published} false means not published. */
    record PortMapping(String hostIp, Integer hostPort, int containerPort, String protocol, boolean published) {}

    /** A secret granted to the service, mounted at {@link #path()}. */
    record SecretRef(String source, String target) {
        String path() {
            String t = target == null ? source : target;
            return t.startsWith("/") ? t : "/run/secrets/" + t;
        }
    }

    private final String name;
    private final Map<String, Object> body;

    ComposeService(String name, Map<String, Object> body) {
        this.name = name;
        this.body = body;
    }

    String name() {
        return name;
    }

    Object get(String key) {
        return body.get(key);
    }

    Optional<String> image() {
        return Optional.ofNullable(body.get("image")).map(String::valueOf);
    }

    boolean hasBuild() {
        return body.get("build") != null;
    }

    /** The command as a list; a string is split on blanks (enough for what the rules look at). */
    List<String> command() {
        Object c = body.get("command");
        if (c == null) return List.of();
        if (c instanceof List<?> list) return list.stream().map(String::valueOf).toList();
        return List.of(String.valueOf(c).trim().split("\\s+"));
    }

    /** The environment, from a mapping or a list of NAME=value; a name without value maps to null. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = body.get("environment");
        if (e instanceof List<?> list) {
            for (Object item : list) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        } else if (e != null) {
            ComposeFile.mapping(e, name + ".environment").forEach((k, v) -> env.put(k, v == null ? null : String.valueOf(v)));
        }
        return env;
    }

    List<SecretRef> secrets() {
        List<SecretRef> out = new ArrayList<>();
        for (Object item : list("secrets")) {
            if (item instanceof Map<?, ?>) {
                Map<String, Object> m = ComposeFile.mapping(item, name + ".secrets");
                out.add(new SecretRef(String.valueOf(m.get("source")), m.get("target") == null ? null : String.valueOf(m.get("target"))));
            } else {
                out.add(new SecretRef(String.valueOf(item), null));
            }
        }
        return out;
    }

    List<Mount> volumes() {
        List<Mount> out = new ArrayList<>();
        for (Object item : list("volumes")) {
            if (item instanceof Map<?, ?>) {
                Map<String, Object> m = ComposeFile.mapping(item, name + ".volumes");
                String source = m.get("source") == null ? null : String.valueOf(m.get("source"));
                String type = m.get("type") == null ? "volume" : String.valueOf(m.get("type"));
                out.add(new Mount(type, source, String.valueOf(m.get("target")), Boolean.TRUE.equals(m.get("read_only"))));
                continue;
            }
            String[] parts = String.valueOf(item).split(":");
            if (parts.length == 1) {
                out.add(new Mount("volume", null, parts[0], false));
                continue;
            }
            String source = parts[0];
            boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
            boolean readOnly = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
            out.add(new Mount(bind ? "bind" : "volume", source, parts[1], readOnly));
        }
        return out;
    }

    List<PortMapping> ports() {
        List<PortMapping> out = new ArrayList<>();
        for (Object item : list("ports")) {
            if (item instanceof Map<?, ?>) {
                Map<String, Object> m = ComposeFile.mapping(item, name + ".ports");
                Object published = m.get("published");
                out.add(new PortMapping(m.get("host_ip") == null ? null : String.valueOf(m.get("host_ip")),
                        published == null ? null : Integer.valueOf(String.valueOf(published)),
                        Integer.parseInt(String.valueOf(m.get("target"))), String.valueOf(m.getOrDefault("protocol", "tcp")), true));
                continue;
            }
            String spec = String.valueOf(item);
            String protocol = "tcp";
            int slash = spec.indexOf('/');
            if (slash >= 0) {
                protocol = spec.substring(slash + 1);
                spec = spec.substring(0, slash);
            }
            String[] parts = spec.split(":");
            String hostIp = parts.length == 3 ? parts[0] : null;
            String host = parts.length >= 2 ? parts[parts.length - 2] : null;
            for (int[] pair : expand(host, parts[parts.length - 1])) {
                out.add(new PortMapping(hostIp, pair[0] < 0 ? null : pair[0], pair[1], protocol, true));
            }
        }
        for (Object item : list("expose")) {
            out.add(new PortMapping(null, null, Integer.parseInt(String.valueOf(item).split("/")[0]), "tcp", false));
        }
        return out;
    }

    Map<String, Object> healthcheck() {
        return ComposeFile.mapping(body.get("healthcheck"), name + ".healthcheck");
    }

    /** depends_on as service to condition; the short (list) syntax means service_started. */
    Map<String, String> dependsOn() {
        Map<String, String> out = new LinkedHashMap<>();
        Object d = body.get("depends_on");
        if (d instanceof List<?> list) {
            list.forEach(s -> out.put(String.valueOf(s), "service_started"));
        } else if (d != null) {
            ComposeFile.mapping(d, name + ".depends_on").forEach((service, spec) -> {
                Object condition = ComposeFile.mapping(spec, name + ".depends_on." + service).get("condition");
                out.put(service, condition == null ? "service_started" : String.valueOf(condition));
            });
        }
        return out;
    }

    private List<?> list(String key) {
        Object v = body.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return l;
        throw new IllegalArgumentException(name + "." + key + " must be a list, is " + v);
    }

    /** Host and container port (ranges expanded); host -1 when it is random. */
    private static List<int[]> expand(String host, String container) {
        int[] c = range(container);
        int[] h = host == null || host.isEmpty() ? null : range(host);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i <= c[1] - c[0]; i++) {
            out.add(new int[] {h == null ? -1 : h[0] + i, c[0] + i});
        }
        return out;
    }

    private static int[] range(String s) {
        int dash = s.indexOf('-');
        if (dash < 0) return new int[] {Integer.parseInt(s.trim()), Integer.parseInt(s.trim())};
        return new int[] {Integer.parseInt(s.substring(0, dash).trim()), Integer.parseInt(s.substring(dash + 1).trim())};
    }
}
