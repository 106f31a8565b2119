package dev.pmad.protocol;

import static dev.pmad.protocol.Payloads.CODEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageCodecRoundTripTest {

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decode_ofEncoded_givesEqualMessage(MessageType type) throws ProtocolException {
        Message sent = TestMessages.of(type);
        Message received = CODEC.decode(CODEC.encode(sent));
        assertNotSame(sent, received);
        assertEquals(sent, received);
        assertEquals(type, received.type());
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void encode_anyMessage_startsWithVersionThenType(MessageType type) {
        assertTrue(CODEC.encode(TestMessages.of(type)).startsWith("{\"v\":4,\"type\":\"" + type.name() + "\","));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decode_fieldsInAnotherOrder_givesEqualMessage(MessageType type) throws ProtocolException {
        ObjectNode tree = Payloads.tree(TestMessages.of(type));
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        ObjectNode reversed = tree.objectNode();
        names.forEach(name -> reversed.set(name, tree.get(name)));
        assertEquals(TestMessages.of(type), CODEC.decode(Payloads.json(reversed)));
    }

    @Test
    void decode_vectorsBitForBit_keepsNegativeZeroAndSubnormals() throws ProtocolException {
        RoundStart received = (RoundStart) CODEC.decode(CODEC.encode(TestMessages.ROUND_START));
        double[] sent = TestMessages.GLOBAL.toArray();
        double[] got = received.global().toArray();
        for (int i = 0; i < sent.length; i++) {
            assertEquals(Double.doubleToRawLongBits(sent[i]), Double.doubleToRawLongBits(got[i]), "element " + i);
        }
    }

    @Test
    void decode_whitespaceAroundAndInside_isAccepted() throws ProtocolException {
        String pretty = "\n  " + CODEC.encode(TestMessages.STOP).replace(",", " ,\n\t").replace(":", " : ") + " \r\n";
        assertEquals(TestMessages.STOP, CODEC.decode(pretty));
    }

    @Test
    void decode_emptyRunIdAndRoundZero_isAccepted() throws ProtocolException {
        // Before an agent knows of a run it joins with runId "" in round 0.
        Join join = new Join("", 0, TestMessages.AGENT, Join.newIncarnation(), "fp", "spark", 1, 0,
                new FeatureStats(Weights.zeros(0), Weights.zeros(0), Weights.zeros(0)));
        assertEquals(join, CODEC.decode(CODEC.encode(join)));
    }

    @Test
    void decode_joinAckRefusal_keepsReason() throws ProtocolException {
        JoinAck refusal = new JoinAck(TestMessages.RUN, 0, TestMessages.COORDINATOR, false,
                JoinAck.REJOIN + ": coordinator restarted");
        assertEquals(refusal, CODEC.decode(CODEC.encode(refusal)));
    }

    @Test
    void decode_idsAndTextAtTheirLengthLimits_isAccepted() throws ProtocolException {
        String id = "a".repeat(Checks.MAX_ID_LENGTH);
        Stop stop = new Stop(id, 0, id, "r".repeat(Checks.MAX_TEXT_LENGTH));
        assertEquals(stop, CODEC.decode(CODEC.encode(stop)));
    }

    @Test
    void new_maxBytesBelow1024_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MessageCodec(1023));
        assertTrue(e.getMessage().contains("1023"), e.getMessage());
        assertEquals(MessageCodec.DEFAULT_MAX_BYTES, new MessageCodec().maxBytes());
    }
}
