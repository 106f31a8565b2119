package dev.pmad.agent.privacy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.privacy.mechanism.RandomSources;
import dev.pmad.protocol.ModelShape;
import dev.pmad.protocol.PrivacyParams;
import dev.pmad.protocol.RoundStart;
import dev.pmad.protocol.Standardization;
import dev.pmad.protocol.TrainingParams;
import dev.pmad.protocol.Weights;
import org.junit.jupiter.api.Test;

/** An agent's own DP_CLIP_NORM caps the sensitivity it lets the coordinator assume. */
class AgentPrivacyClipCapTest {
    private static RoundStart round(double clipNorm) {
        var shape = new ModelShape(2, 1);
        return new RoundStart("run", 1, "coordinator", 10, shape, Weights.zeros(shape.size()),
                new Standardization(Weights.of(0), Weights.of(1)), new TrainingParams(1, 0.1, 1, 7),
                new PrivacyParams("central", "gaussian", clipNorm, 5.0, 8.0, 1e-5));
    }

    @Test
    void beforeRound_clipNormAboveTheAgentsCap_isRefusedNamingTheSetting() {
        var privacy = new AgentPrivacy(0, 1.0, RandomSources.seededDrbg(1));
        var decision = privacy.beforeRound(round(2.0), 100);
        assertFalse(decision.allowed());
        assertTrue(decision.reason().contains("DP_CLIP_NORM"), decision.reason());
    }

    @Test
    void beforeRound_clipNormWithinTheCap_isAllowed() {
        var privacy = new AgentPrivacy(0, 1.0, RandomSources.seededDrbg(1));
        assertTrue(privacy.beforeRound(round(1.0), 100).allowed());
    }

    @Test
    void beforeRound_withoutACap_acceptsTheCoordinatorsClipNorm() {
        var privacy = new AgentPrivacy(0, 0, RandomSources.seededDrbg(1));
        assertTrue(privacy.beforeRound(round(50.0), 100).allowed());
    }
}
