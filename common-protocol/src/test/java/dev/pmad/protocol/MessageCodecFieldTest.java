package dev.pmad.protocol;

import static dev.pmad.protocol.Payloads.assertRejected;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field-by-field strictness, for every message type and every field (nested ones included): no
 * unknown, missing, null or wrongly typed field gets through, and the rejection names the field.
 */
class MessageCodecFieldTest {

    /** Every (type, JSON pointer) of a field of that type's sample, nested ones too: (ROUND_START, /training/seed). */
    static Stream<Arguments> fields() {
        List<Arguments> all = new ArrayList<>();
        for (MessageType type : MessageType.values()) {
            ObjectNode tree = Payloads.tree(TestMessages.of(type));
            tree.remove(List.of("v", "type"));
            collectFields(type, tree, "", all);
        }
        return all.stream();
    }

    private static void collectFields(MessageType type, JsonNode node, String pointer, List<Arguments> out) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String child = pointer + "/" + field.getKey();
            out.add(arguments(type, child));
            if (field.getValue().isObject()) collectFields(type, field.getValue(), child, out);
        }
    }

    /**
     * Every (type, pointer, wrong value): values of another JSON type than the field's, chosen among
     * those a lenient decoder would convert ("12" for 12, 1 for true, 12 for "12", 12 for [12]).
     */
    static Stream<Arguments> wronglyTypedFields() {
        return fields().flatMap(field -> {
            MessageType type = (MessageType) field.get()[0];
            String pointer = (String) field.get()[1];
            JsonNode value = Payloads.tree(TestMessages.of(type)).at(pointer);
            List<Object> wrong;
            if (value.isTextual()) {
                wrong = List.of(12, true);
            } else if (value.isIntegralNumber()) {
                wrong = List.of("12", 12.5);
            } else if (value.isNumber()) {
                wrong = List.of("0.5", true);
            } else if (value.isBoolean()) {
                wrong = List.of("true", 1);
            } else if (value.isObject()) {
                wrong = List.of("x", List.of());
            } else if (value.isArray()) {
                wrong = List.of(12, Map.of());
            } else {
                throw new AssertionError("unexpected JSON node at " + pointer + ": " + value);
            }
            return wrong.stream().map(w -> arguments(type, pointer, w));
        });
    }

    private static String leafName(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fields")
    void decode_missingField_isRejectedNamingIt(MessageType type, String pointer) {
        assertRejected(Payloads.without(TestMessages.of(type), pointer), "invalid",
                type.name(), "'" + leafName(pointer) + "'");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fields")
    void decode_nullField_isRejectedNamingIt(MessageType type, String pointer) {
        assertRejected(Payloads.withRawToken(TestMessages.of(type), pointer, "null"), "invalid",
                type.name(), leafName(pointer));
    }

    @ParameterizedTest(name = "{0} {1} = {2}")
    @MethodSource("wronglyTypedFields")
    void decode_fieldOfWrongJsonType_isRejectedNamingIt(MessageType type, String pointer, Object wrong) {
        assertRejected(Payloads.with(TestMessages.of(type), pointer, wrong), "invalid",
                type.name(), leafName(pointer));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decode_unknownField_isRejectedNamingIt(MessageType type) {
        assertRejected(Payloads.with(TestMessages.of(type), "/rows", List.of(List.of(5.1, 3.5, "setosa"))),
                "unknown-field", "'rows'");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nestedObjects")
    void decode_unknownFieldInNestedObject_isRejectedNamingIt(MessageType type, String pointer) {
        assertRejected(Payloads.with(TestMessages.of(type), pointer + "/rawValues", "x"),
                "unknown-field", "'rawValues'");
    }

    static Stream<Arguments> nestedObjects() {
        return fields().filter(field -> {
            MessageType type = (MessageType) field.get()[0];
            return Payloads.tree(TestMessages.of(type)).at((String) field.get()[1]).isObject();
        });
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decode_negativeRound_isRejected(MessageType type) {
        assertRejected(Payloads.with(TestMessages.of(type), "/round", -1), "invalid",
                type.name(), "round must be >= 0, was -1");
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decode_roundBeyondInt_isRejected(MessageType type) {
        assertRejected(Payloads.with(TestMessages.of(type), "/round", 2_147_483_648L), "invalid",
                "round", "out of range");
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decode_overLongRunId_isRejected(MessageType type) {
        assertRejected(Payloads.with(TestMessages.of(type), "/runId", "r".repeat(Checks.MAX_ID_LENGTH + 1)),
                "invalid", "runId is longer than 256 characters");
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decode_overLongSender_isRejected(MessageType type) {
        assertRejected(Payloads.with(TestMessages.of(type), "/sender", "s".repeat(Checks.MAX_ID_LENGTH + 1)),
                "invalid", "sender is longer than 256 characters");
    }

    static Stream<Arguments> otherIdFields() {
        return Stream.of(
                arguments(MessageType.JOIN, "/incarnation", "incarnation"),
                arguments(MessageType.JOIN, "/schemaFingerprint", "schemaFingerprint"),
                arguments(MessageType.JOIN, "/trainerKind", "trainerKind"),
                arguments(MessageType.HEARTBEAT, "/state", "state"),
                arguments(MessageType.ROUND_START, "/privacy/mode", "privacy.mode"),
                arguments(MessageType.ROUND_START, "/privacy/noise", "privacy.noise"),
                arguments(MessageType.GLOBAL_MODEL, "/outcome", "outcome"),
                arguments(MessageType.ERROR, "/code", "code"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("otherIdFields")
    void decode_overLongIdField_isRejected(MessageType type, String pointer, String name) {
        assertRejected(Payloads.with(TestMessages.of(type), pointer, "x".repeat(Checks.MAX_ID_LENGTH + 1)),
                "invalid", name + " is longer than 256 characters");
    }

    static Stream<Arguments> textFields() {
        return Stream.of(
                arguments(MessageType.JOIN_ACK, "/reason", "reason"),
                arguments(MessageType.STOP, "/reason", "reason"),
                arguments(MessageType.ERROR, "/detail", "detail"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("textFields")
    void decode_overLongText_isRejected(MessageType type, String pointer, String name) {
        assertRejected(Payloads.with(TestMessages.of(type), pointer, "x".repeat(Checks.MAX_TEXT_LENGTH + 1)),
                "invalid", name + " is longer than 2000 characters");
    }
}
