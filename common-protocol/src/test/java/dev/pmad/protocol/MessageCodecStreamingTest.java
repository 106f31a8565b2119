package dev.pmad.protocol;

import static dev.pmad.protocol.Payloads.CODEC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The codec's streaming read: taken for what encoders write, and never the one that decides a
 * vector that is not in canonical base64 (the strict read then accepts or refuses it as
 * {@code java.util.Base64} does).
 */
class MessageCodecStreamingTest {

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decodeStreaming_ofEncoded_givesEqualMessage(MessageType type) throws IOException {
        Message sent = TestMessages.of(type);
        assertEquals(sent, CODEC.decodeStreaming(CODEC.encode(sent)));
    }

    /** Above 32,768 characters Jackson reads a string through a Reader in pieces: another code path. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4095, 4096, 4097, 100_000})
    void decodeStreaming_largeVectors_givesBitIdenticalValues(int size) throws IOException {
        var random = new Random(size);
        double[] delta = new double[size];
        for (int i = 0; i < size; i++) delta[i] = Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
        var sent = new ModelUpdate("run", 1, "agent@example.org", Weights.of(delta), 10, 0.5, 0, 1.0);
        ModelUpdate received = (ModelUpdate) CODEC.decodeStreaming(CODEC.encode(sent));
        assertArrayEquals(delta, received.delta().toArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AAA=AAAAAAAA", // padding in the middle: 8 bytes to Jackson, refused by java.util.Base64
        "AA==AAAAAAAAAAAA",
        "AAAA AAAA8D8=", // whitespace inside
        "AAAAAAAA8D8", // padding left out: java.util.Base64 accepts it
        "AAAAAAAA8D8\\u003d", // an escaped '=': the string is canonical once unescaped
        "AAAAAAAA\\u0038D8="})
    void decodeStreaming_nonCanonicalVector_leavesItToTheStrictRead(String vector) {
        String payload = Payloads.withRawToken(TestMessages.MODEL_UPDATE, "/delta", "\"" + vector + "\"");
        assertThrows(IOException.class, () -> CODEC.decodeStreaming(payload));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAAAAAAA8D8", "AAAAAAAA8D8\\u003d", "AAAAAAAA\\u0038D8="})
    void decode_vectorJavaUtilBase64Accepts_isAccepted(String vector) throws ProtocolException {
        String payload = Payloads.withRawToken(TestMessages.MODEL_UPDATE, "/delta", "\"" + vector + "\"");
        assertEquals(Weights.of(1.0), ((ModelUpdate) CODEC.decode(payload)).delta());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAA=AAAAAAAA", "AA==AAAAAAAAAAAA", "AAAA AAAA8D8="})
    void decode_vectorJavaUtilBase64Refuses_isRefused(String vector) {
        String payload = Payloads.withRawToken(TestMessages.MODEL_UPDATE, "/delta", "\"" + vector + "\"");
        Payloads.assertRejected(payload, "invalid", "at delta", "vector is not valid base64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"STOP\",\"v\":4", "{\"v\":4.0", "{\"v\":3"})
    void decodeStreaming_versionNotFirstOrNotThisOne_isLeftToTheStrictRead(String start) throws IOException {
        String stop = CODEC.encode(TestMessages.STOP);
        String payload = start + stop.substring(stop.indexOf(",\"type\"")).replace(",\"type\":\"STOP\"", "");
        assertNull(CODEC.decodeStreaming(payload));
    }
}
