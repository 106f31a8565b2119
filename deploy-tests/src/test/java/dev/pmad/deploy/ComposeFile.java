package dev.pmad.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A compose file read the way Docker Compose reads it: YAML with anchors, aliases and merge keys
 * ({@code <<}) resolved, duplicate keys refused, then every string value interpolated
 * ({@link Interpolation}) from a given environment. The static tests use an empty environment:
 * what {@code docker compose up} sees on a machine without {@code .env}.
 */
final class ComposeFile {
    private final Map<String, Object> root;
    private final List<Interpolation.Use> variables;
    private final Map<String, ComposeService> services;

    private ComposeFile(Map<String, Object> root, List<Interpolation.Use> variables) {
        this.root = root;
        this.variables = List.copyOf(variables);
        Map<String, ComposeService> s = new LinkedHashMap<>();
        mapping(root.get("services"), "services").forEach((name, body) ->
                s.put(name, new ComposeService(name, mapping(body, "service " + name))));
        this.services = Collections.unmodifiableMap(s);
    }

    static ComposeFile load(Path file) {
        return parse(Repo.read(file), Map.of());
    }

    static ComposeFile parse(String yaml, Map<String, String> environment) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new SafeConstructor(options)).load(yaml);
        List<Interpolation.Use> uses = new ArrayList<>();
        Object interpolated = interpolate(document, environment, uses);
        return new ComposeFile(mapping(interpolated, "the compose file"), uses);
    }

    Map<String, ComposeService> services() {
        return services;
    }

    /** Top-level {@code secrets}: name to definition. */
    Map<String, Map<String, Object>> secrets() {
        return definitions("secrets");
    }

    /** Top-level {@code volumes}: name to definition (empty for the defaults). */
    Map<String, Map<String, Object>> volumes() {
        return definitions("volumes");
    }

    /** Every {@code ${VAR...}} of the file, in order, anchors counted once per use after merging. */
    List<Interpolation.Use> variables() {
        return variables;
    }

    private Map<String, Map<String, Object>> definitions(String key) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        mapping(root.get(key), key).forEach((name, body) -> out.put(name, body == null ? Map.of() : mapping(body, key + "." + name)));
        return out;
    }

    /** A YAML mapping with string keys; null is an empty mapping. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mapping(Object node, String what) {
        if (node == null) return Map.of();
        if (!(node instanceof Map<?, ?> map)) throw new IllegalArgumentException(what + " must be a mapping, is " + node);
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) throw new IllegalArgumentException(what + ": key " + k + " is not a string");
        }
        return (Map<String, Object>) map;
    }

    /** Interpolates string values (not keys, as compose does); the tree is rebuilt, so aliases are copied. */
    private static Object interpolate(Object node, Map<String, String> env, List<Interpolation.Use> uses) {
        if (node instanceof String s) return Interpolation.apply(s, env, uses);
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, interpolate(v, env, uses)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(interpolate(v, env, uses)));
            return out;
        }
        return node;
    }
}
