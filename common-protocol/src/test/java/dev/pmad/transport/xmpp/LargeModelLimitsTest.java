package dev.pmad.transport.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pmad.protocol.MessageCodec;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.ProtocolException;
import dev.pmad.protocol.Weights;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A party configured for a model of N parameters takes that model's messages, and says what to raise when not. */
class LargeModelLimitsTest {

    @Test
    void codecWithTheLimitsOfTenMillionParameters_decodesATenMillionParameterUpdateBitIdentical() throws Exception {
        MessageCodec codec = new MessageCodec(ReassemblyLimits.forModel(10_000_000).maxPayloadBytes());
        ModelUpdate update = update(10_000_000);

        String json = codec.encode(update);
        ModelUpdate decoded = (ModelUpdate) codec.decode(json);

        assertEquals(update.delta(), decoded.delta(), "every double bit-identical");
    }

    @Test
    void codecWithTheDefaultLimits_refusesATenMillionParameterUpdateNamingMaxModelParameters() {
        MessageCodec codec = new MessageCodec(ReassemblyLimits.DEFAULT.maxPayloadBytes());
        String json = new MessageCodec(ReassemblyLimits.forModel(10_000_000).maxPayloadBytes()).encode(update(10_000_000));

        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(json));

        assertEquals("oversized", e.reason());
        assertTrue(e.getMessage().contains("MAX_MODEL_PARAMETERS"), e.getMessage());
    }

    @Test
    void limitsOfAModel_holdAnUpdateCarryingThreeVectorsOfItsSize() {
        int parameters = 200_000;
        MessageCodec codec = new MessageCodec();
        Weights full = update(parameters).delta();
        String json = codec.encode(new ModelUpdate("run-1", 1, "agent-1@pmad.local", full, 10, 0.5, 0, 1.0,
                full, Weights.zeros(0), full));

        assertTrue(json.length() <= ReassemblyLimits.forModel(parameters).maxPayloadBytes(), json.length() + " bytes");
        assertTrue(json.length() > ReassemblyLimits.forModel(parameters / 2).maxPayloadBytes(),
                "and the limits are not far above that");
    }

    private static ModelUpdate update(int parameters) {
        Random random = new Random(7);
        double[] delta = new double[parameters];
        for (int i = 0; i < parameters; i++) delta[i] = random.nextGaussian();
        return new ModelUpdate("run-1", 1, "agent-1@pmad.local", Weights.of(delta), 10, 0.5, 0, 1.0);
    }
}
