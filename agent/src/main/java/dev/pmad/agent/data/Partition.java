package dev.pmad.agent.data;

/**
 * How a dataset is split among agents: {@code iid} (uniform shuffle) or {@code dirichlet:ALPHA}
 * (label skew: each class is spread over agents with proportions drawn from Dirichlet(ALPHA);
 * small ALPHA means each agent sees few classes).
 */
public record Partition(String kind, double alpha) {
    public static final Partition IID = new Partition("iid", 0);

    public Partition {
        if (kind.equals("dirichlet") && !(alpha > 0 && Double.isFinite(alpha))) {
            throw new DataException("--partition dirichlet:ALPHA needs ALPHA > 0, was " + alpha);
        }
    }

    public static Partition parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("iid")) return IID;
        if (t.startsWith("dirichlet:")) {
            String a = t.substring("dirichlet:".length());
            try {
                return new Partition("dirichlet", Double.parseDouble(a));
            } catch (NumberFormatException e) {
                throw new DataException("--partition '" + text + "': ALPHA '" + a + "' is not a number; e.g. dirichlet:0.5");
            }
        }
        throw new DataException("--partition '" + text + "' is unknown; use iid or dirichlet:ALPHA (e.g. dirichlet:0.5)");
    }

    @Override
    public String toString() {
        return kind.equals("iid") ? "iid" : "dirichlet:" + alpha;
    }
}
