package dev.pmad.protocol;

import static dev.pmad.protocol.Payloads.CODEC;
import static dev.pmad.protocol.Payloads.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every payload must be before its fields matter: bounded, one JSON object, version 3, a known type. */
class MessageCodecEnvelopeTest {
    private static final String STOP = CODEC.encode(TestMessages.STOP);

    // --- protocol version ---

    @Test
    void decode_withoutVersion_isRejected() {
        assertRejected(Payloads.without(TestMessages.STOP, "/v"), "version", "'v'");
    }

    @Test
    void decode_otherVersion_isRejectedNamingBothVersions() {
        assertRejected(Payloads.with(TestMessages.STOP, "/v", 1), "version", "version 1", "speaks 4");
        assertRejected(Payloads.with(TestMessages.STOP, "/v", 0), "version", "version 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "1.0", "null", "true", "[1]", "{}"})
    void decode_versionNotAnInteger_isRejected(String version) {
        assertRejected(Payloads.withRawToken(TestMessages.STOP, "/v", version), "version", "'v'");
    }

    // --- message type ---

    @Test
    void decode_withoutType_isRejected() {
        assertRejected(Payloads.without(TestMessages.STOP, "/type"), "unknown-type", "type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PING", "stop", "Stop", "MODEL-UPDATE", ""})
    void decode_unknownType_isRejectedNamingIt(String type) {
        assertRejected(Payloads.with(TestMessages.STOP, "/type", type), "unknown-type", "type " + type);
    }

    @Test
    void decode_typeNotAString_isRejected() {
        assertRejected(Payloads.with(TestMessages.STOP, "/type", 8), "unknown-type", "type");
    }

    @Test
    void decode_typeOfAnotherMessage_isRejectedForItsFields() {
        // A STOP body labelled HEARTBEAT lacks 'state' and has a 'reason'; which is reported first is Jackson's choice.
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> CODEC.decode(Payloads.with(TestMessages.STOP, "/type", "HEARTBEAT")));
        assertTrue(Set.of("invalid", "unknown-field").contains(e.reason()), e.reason());
        assertTrue(e.getMessage().contains("'state'") || e.getMessage().contains("'reason'"), e.getMessage());
    }

    // --- JSON syntax ---

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"v\":4,\"type\":\"STOP\"",
        "{\"v\":4,\"type\":\"STOP\",}",
        "{'v':1,'type':'STOP'}",
        "{v:1,type:\"STOP\"}",
        "{\"v\":4 /* comment */,\"type\":\"STOP\"}",
        "{\"v\":01,\"type\":\"STOP\"}",
        "   ",
    })
    void decode_malformedJson_isRejected(String payload) {
        assertRejected(payload, "malformed");
    }

    @Test
    void decode_unescapedControlCharacterInString_isRejected() {
        assertRejected(STOP.replace("target rounds", "target\u0000rounds"), "malformed", "not valid JSON");
    }

    @Test
    void decode_null_isRejected() {
        assertRejected((String) null, "malformed", "empty");
    }

    @Test
    void decode_emptyString_isRejected() {
        assertRejected("", "malformed", "not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {" x", "{}", "[]", ",", "\"more\"", " 1"})
    void decode_trailingGarbage_isRejected(String garbage) {
        assertRejected(STOP + garbage, "malformed", "not valid JSON");
    }

    @Test
    void decode_trailingNewline_isAccepted() throws ProtocolException {
        assertEquals(TestMessages.STOP, CODEC.decode(STOP + "\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[" + "{\"v\":4}" + "]", "\"STOP\"", "42", "true", "null"})
    void decode_nonObjectPayload_isRejected(String payload) {
        assertRejected(payload, "malformed", "not a JSON object");
    }

    @Test
    void decode_deeplyNestedValue_isRejectedBeforeBinding() {
        String deep = "[".repeat(40) + "]".repeat(40);
        assertRejected(Payloads.withRawToken(TestMessages.STOP, "/extra", deep), "malformed", "nesting depth");
    }

    // --- size ---

    @Test
    void decode_payloadAtTheLimit_isAccepted() throws ProtocolException {
        MessageCodec small = new MessageCodec(4096);
        String padded = STOP + " ".repeat(4096 - STOP.length());
        assertEquals(4096, padded.length());
        assertEquals(TestMessages.STOP, small.decode(padded));
    }

    @Test
    void decode_payloadOneByteOverTheLimit_isRejectedAsOversized() {
        MessageCodec small = new MessageCodec(4096);
        assertRejected(small, STOP + " ".repeat(4097 - STOP.length()), "oversized", "4096 bytes");
    }

    @Test
    void decode_oversizedGarbage_isRejectedAsOversizedNotMalformed() {
        MessageCodec small = new MessageCodec(4096);
        assertRejected(small, "[".repeat(10_000), "oversized", "4096");
    }

    @Test
    void decode_multiByteTextUnderTheLimitInCharactersButOverInBytes_isRejected() {
        MessageCodec small = new MessageCodec(4096);
        // 1,999 two-byte characters: about 2,100 characters but 4,100 bytes of UTF-8.
        Stop stop = new Stop(TestMessages.RUN, 0, TestMessages.COORDINATOR, "\u00e9".repeat(1999));
        String payload = CODEC.encode(stop) + " ".repeat(20);
        assertTrue(payload.length() < 4096);
        assertTrue(payload.getBytes(StandardCharsets.UTF_8).length > 4096);
        assertRejected(small, payload, "oversized", "4096 bytes");
    }

    @Test
    void decode_largeModelUnderDefaultLimit_isAccepted() throws ProtocolException {
        ModelShape shape = new ModelShape(10, 9_999);
        double[] values = new double[shape.size()];
        Arrays.fill(values, 0.125);
        GlobalModel model = new GlobalModel(TestMessages.RUN, 1, TestMessages.COORDINATOR, shape, Weights.of(values),
                "completed");
        assertEquals(model, CODEC.decode(CODEC.encode(model)));
    }
}
