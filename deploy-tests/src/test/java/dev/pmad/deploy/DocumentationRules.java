package dev.pmad.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The README's configuration table against the code: every variable the services read is
 * documented, every documented one is read, and every variable the compose file sets on a
 * service is documented as read by that service.
 */
final class DocumentationRules {
    private DocumentationRules() {}

    /**
     * @param pmadReads    variables read by the PMAD services' code (Java sources, launcher, healthcheck), with where
     * @param prosodyReads variables read by the Prosody container's config and scripts
     */
    static List<String> check(ConfigTable table, Map<String, Set<String>> pmadReads, Set<String> prosodyReads,
                              ComposeFile compose) {
        List<String> problems = new ArrayList<>(table.problems());
        String doc = table.source();
        pmadReads.forEach((name, where) -> {
            ConfigTable.Row row = table.rows().get(name);
            if (row == null) {
                problems.add(name + " is read by " + where + " but not documented in the configuration table of " + doc);
            } else if (!row.readByPmad()) {
                problems.add(doc + ":" + row.line() + ": " + name + " is read by " + where + ", so its 'read by' must name " + ConfigTable.PMAD_READERS);
            }
        });
        table.rows().values().forEach(row -> {
            if (row.readByPmad() && !pmadReads.containsKey(row.variable())) {
                problems.add(doc + ":" + row.line() + ": " + row.variable() + " is documented as read by " + row.readers()
                        + ", but no service's code reads it");
            }
            if (row.readers().contains("prosody") && !prosodyReads.contains(row.variable())) {
                problems.add(doc + ":" + row.line() + ": " + row.variable()
                        + " is documented as read by prosody, but neither prosody.cfg.lua nor its start scripts read it");
            }
        });
        Map<String, FederationRules.Role> roles = FederationRules.roles(compose);
        String prosody = FederationRules.prosody(compose).map(ComposeService::name).orElse(null);
        compose.services().values().forEach(s -> {
            String reader = s.name().equals(prosody) ? "prosody"
                    : roles.containsKey(s.name()) ? roles.get(s.name()).name().toLowerCase(java.util.Locale.ROOT) : null;
            if (reader == null) return;
            for (String name : new TreeSet<>(s.environment().keySet())) {
                ConfigTable.Row row = table.rows().get(name);
                if (row == null || !row.readers().contains(reader)) {
                    problems.add("docker-compose.yml sets " + name + " on " + s.name() + ", but " + doc
                            + " does not document it as read by " + reader + " (a typo, or a variable nothing reads?)");
                }
            }
        });
        return problems;
    }
}
