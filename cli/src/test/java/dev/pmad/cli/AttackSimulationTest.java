package dev.pmad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * simulate --attackers through the real command line: how far plain weighted averaging falls with
 * one hostile agent and no influence bound, and that Krum keeps the honest model.
 */
class AttackSimulationTest {
    private static double accuracy(String... extra) {
        String[] base = {"simulate", "--data", CliRunner.breastCancer(), "--agents", "5", "--partition", "dirichlet:0.5",
                "--rounds", "10", "--seed", "3", "--json"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(0, r.exitCode(), r.err());
        return r.json().at("/final/accuracy").asDouble();
    }

    @Test
    void oneScaledAttacker_wrecksFedAvg_butNotKrum() {
        double honest = accuracy("--strategy", "fedavg");
        double fedavg = accuracy("--strategy", "fedavg", "--attackers", "1", "--attack", "scale:-10");
        double krum = accuracy("--strategy", "krum", "--attackers", "1", "--attack", "scale:-10");
        double honestKrum = accuracy("--strategy", "krum");
        assertTrue(honest >= 0.95, "honest " + honest);
        assertTrue(fedavg < 0.5, "plain averaging with one scale:-10 attacker stayed at " + fedavg);
        assertTrue(krum >= honestKrum - 0.02, "krum under attack " + krum + ", without " + honestKrum);
    }

    @Test
    void inflatedRowCount_takesPlainFedAvgOver() {
        double inflated = accuracy("--strategy", "fedavg", "--attackers", "1", "--attack", "inflate-count:1000000");
        double honest = accuracy("--strategy", "fedavg");
        // The attacker trains honestly on its own skewed rows but weighs a million: the model is its.
        assertTrue(inflated < honest, "inflated " + inflated + ", honest " + honest);
    }

    /** Federated Newton sums every agent's gradient unweighted by trust: one scaled gradient steers the step. */
    @Test
    void oneScaledAttacker_wrecksNewtonToo_withoutAnInfluenceBound() {
        double honest = accuracy();
        double attacked = accuracy("--attackers", "1", "--attack", "scale:-10");
        assertTrue(honest >= 0.95, "honest " + honest);
        assertTrue(attacked < 0.5, "newton with one scale:-10 attacker stayed at " + attacked);
    }

    @Test
    void attackOptions_areValidated() {
        CliRunner.Result noKind = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--attackers", "1", "--json");
        assertEquals(2, noKind.exitCode());
        assertTrue(noKind.err().contains("needs --attack KIND"), noKind.err());
        CliRunner.Result all = CliRunner.run("simulate", "--data", CliRunner.breastCancer(), "--agents", "3", "--attackers", "3",
                "--attack", "sign-flip", "--json");
        assertEquals(2, all.exitCode());
        assertTrue(all.err().contains("--attackers must be between 0 and --agents - 1"), all.err());
    }
}
