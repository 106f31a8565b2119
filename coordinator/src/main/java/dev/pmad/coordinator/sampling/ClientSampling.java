package dev.pmad.coordinator.sampling;

import dev.pmad.privacy.PrivacyMode;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Who takes part in a round, and how many updates the round needs, chosen once per coordinator
 * from {@code FRACTION_FIT} (F), {@code MIN_AGENTS} (M) and the privacy mode.
 *
 * <p><b>Drawing.</b> Each round, each live agent is drawn independently with probability F
 * (Poisson sampling), from the coordinator's secure generator: nobody can predict a draw, and it is
 * never sent anywhere; an agent learns only that it was drawn itself, when its ROUND_START comes.
 * Agents not drawn get nothing, are not awaited and are not failures; their heartbeats go on.
 *
 * <p><b>MIN_AGENTS as the floor.</b> It always bounds the live agents a round starts from. Beyond
 * that the rule depends on what the draw is for:
 * <ul>
 *   <li>{@link EveryAgent} (F = 1, any mode): every live agent, and a round closing at the timeout
 *       needs M updates, as before sampling existed.</li>
 *   <li>{@link PoissonWithFloor} (F &lt; 1 with no DP, {@code record} or {@code local}): a draw of
 *       fewer than M agents is topped up to M with agents picked uniformly at random among the
 *       others, and a round needs M updates. Sound because in these modes the draw enters no
 *       accounting: each agent charges every round it takes part in to its own ledger, at its
 *       own cost, whoever chose it (record: DP-SGD's own record sampling; local: its own noise).</li>
 *   <li>{@link SecretPoisson} (F &lt; 1 with {@code central}): the round runs with exactly the
 *       agents drawn, even none (the release is then noise alone), and closes with whatever
 *       updates arrived. The accountant charges every round as the Poisson-subsampled Gaussian at
 *       rate F (Mironov, Talwar and Zhang 2019), which holds only if the draw is pure Poisson:
 *       topping up, redrawing, or refusing a round because too few were drawn all make one
 *       agent's taking part depend on how many others did, so the sample is no longer Poisson
 *       (and by how much it is not depends on the draw). For the same reason the mean divides by
 *       the expected number of participants F x N rather than the drawn number (McMahan et al.
 *       2018's fixed-denominator estimator): the drawn number would tell how many took part.
 *       Rules that depend on one agent alone are harmless, since draws are independent: an agent
 *       drawn but silent is a failure of the round, as always. M still bounds the live agents.</li>
 * </ul>
 *
 * <p>Who took part is the coordinator's knowledge: it is listed in each round's result (the
 * dashboard, MLflow, the simulation's JSON), which central mode trusts as it trusts the
 * coordinator with the clipped updates, and never sent to agents. Publishing the lists beside the
 * models would void the amplification: the rounds an agent is known to have joined would each
 * cost a full Gaussian release.
 */
public sealed interface ClientSampling {

    /** The policy for these settings; {@code fraction} in (0, 1], checked by the caller. */
    static ClientSampling of(double fraction, int minAgents, PrivacyMode mode) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("FRACTION_FIT must be a number in (0, 1], was " + fraction);
        }
        if (fraction == 1) return new EveryAgent(minAgents);
        return mode == PrivacyMode.CENTRAL ? new SecretPoisson(fraction) : new PoissonWithFloor(fraction, minAgents);
    }

    /** The agents drawn into a round, in id order, from {@code live} (in id order). */
    List<String> draw(List<String> live, RandomGenerator random);

    /** Updates a round needs to be aggregated once every drawn agent answered or the timeout fired. */
    int roundQuorum();

    /** The sampling rate central mode's accountant may count: F for {@link SecretPoisson}, else 1. */
    double accountedRate();

    /** The probability that a live agent is drawn into a round: F. */
    double fraction();

    /** Every live agent, every round: today's federation. */
    record EveryAgent(int minAgents) implements ClientSampling {
        @Override
        public List<String> draw(List<String> live, RandomGenerator random) {
            return List.copyOf(live); // no draw: takes nothing from the generator the noise comes from
        }

        @Override
        public int roundQuorum() {
            return minAgents;
        }

        @Override
        public double accountedRate() {
            return 1;
        }

        @Override
        public double fraction() {
            return 1;
        }
    }

    /** Poisson draws topped up to MIN_AGENTS: for modes whose accounting is per agent. */
    record PoissonWithFloor(double fraction, int minAgents) implements ClientSampling {
        @Override
        public List<String> draw(List<String> live, RandomGenerator random) {
            var drawn = new ArrayList<String>();
            var others = new ArrayList<String>();
            for (String id : live) (random.nextDouble() < fraction ? drawn : others).add(id);
            // Partial Fisher-Yates: the first `missing` of the others, uniformly at random.
            int missing = Math.min(minAgents - drawn.size(), others.size());
            for (int i = 0; i < missing; i++) {
                int j = i + random.nextInt(others.size() - i);
                String picked = others.get(j);
                others.set(j, others.get(i));
                others.set(i, picked);
                drawn.add(picked);
            }
            drawn.sort(null);
            return List.copyOf(drawn);
        }

        @Override
        public int roundQuorum() {
            return minAgents;
        }

        @Override
        public double accountedRate() {
            return 1;
        }
    }

    /** Pure Poisson draws, never topped up and never refused for their size: central mode. */
    record SecretPoisson(double fraction) implements ClientSampling {
        @Override
        public List<String> draw(List<String> live, RandomGenerator random) {
            var drawn = new ArrayList<String>();
            for (String id : live) if (random.nextDouble() < fraction) drawn.add(id);
            return List.copyOf(drawn);
        }

        @Override
        public int roundQuorum() {
            return 0;
        }

        @Override
        public double accountedRate() {
            return fraction;
        }

        /** The mean's fixed denominator for a round drawn from {@code live} agents: F x N. */
        public double expectedParticipants(int live) {
            return fraction * live;
        }
    }
}
