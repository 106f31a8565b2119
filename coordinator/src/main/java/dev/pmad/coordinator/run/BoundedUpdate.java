package dev.pmad.coordinator.run;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One agent's quantity that the round's influence bound cut (see the aggregation package's
 * {@code InfluenceBound}).
 *
 * @param quantity {@code samples} (declared training rows), or the vector bounded by its L2 norm:
 *                 {@code delta}, {@code gradient}, {@code curvature} or {@code control}
 * @param sent     the declared rows, or the norm the agent sent (infinite or NaN when not finite)
 * @param bound    the rows it was weighed with, or the norm it was allowed
 * @param leftOut  the vector was so far over the bound (or not finite) that the whole update was
 *                 left out of the round; otherwise the vector was scaled down to the bound
 */
public record BoundedUpdate(String agent, String quantity, double sent, double bound, boolean leftOut) {

    /** "agent-5 delta norm 41.2 -> 8.07": for logs and the dashboard's event line. */
    @Override
    public String toString() {
        return quantity.equals("samples")
                ? String.format(Locale.ROOT, "%s samples %.0f -> %.0f", agent, sent, bound)
                : leftOut ? String.format(Locale.ROOT, "%s left out: %s norm %.3g, bound %.3g", agent, quantity, sent, bound)
                : String.format(Locale.ROOT, "%s %s norm %.3g -> %.3g", agent, quantity, sent, bound);
    }

    /** A short line at any scale: how many were bounded, and the first few. */
    public static String summary(List<BoundedUpdate> bounded) {
        int shown = Math.min(3, bounded.size());
        String first = bounded.subList(0, shown).stream().map(BoundedUpdate::toString).collect(Collectors.joining("; "));
        long agents = bounded.stream().map(BoundedUpdate::agent).distinct().count();
        return agents + (agents == 1 ? " agent" : " agents") + ": " + first
                + (bounded.size() > shown ? "; and " + (bounded.size() - shown) + " more" : "");
    }
}
