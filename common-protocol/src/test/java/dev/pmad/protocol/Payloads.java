package dev.pmad.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Bad payloads made by editing the encoding of a valid message, so each case differs from a
 * payload the codec accepts in exactly one place; and the assertion every rejection test makes.
 */
final class Payloads {
    static final MessageCodec CODEC = new MessageCodec();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW = "@@raw-token@@";

    private Payloads() {}

    /** The encoding of {@code message} as an editable tree. */
    static ObjectNode tree(Message message) {
        try {
            return (ObjectNode) JSON.readTree(CODEC.encode(message));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String json(JsonNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@code message} with the field at {@code pointer} (e.g. {@code /training/seed}) set to {@code value}. */
    static String with(Message message, String pointer, Object value) {
        ObjectNode tree = tree(message);
        JsonPointer path = JsonPointer.compile(pointer);
        ((ObjectNode) tree.at(path.head())).set(path.last().getMatchingProperty(), JSON.valueToTree(value));
        return json(tree);
    }

    /** Like {@link #with} but writes {@code token} verbatim, for input no JSON writer produces ({@code NaN}). */
    static String withRawToken(Message message, String pointer, String token) {
        return with(message, pointer, RAW).replace("\"" + RAW + "\"", token);
    }

    static String without(Message message, String pointer) {
        ObjectNode tree = tree(message);
        JsonPointer path = JsonPointer.compile(pointer);
        ((ObjectNode) tree.at(path.head())).remove(path.last().getMatchingProperty());
        return json(tree);
    }

    static TextNode text(String value) {
        return TextNode.valueOf(value);
    }

    /** Base64 of {@code size} little-endian doubles 1.0, except element {@code index} which has raw {@code bits}. */
    static String vectorWithBits(int size, int index, long bits) {
        ByteBuffer buffer = ByteBuffer.allocate(size * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size; i++) {
            buffer.putLong(i == index ? bits : Double.doubleToRawLongBits(1.0));
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /** Decodes {@code payload}, expecting a rejection of category {@code reason} mentioning every fragment. */
    static ProtocolException assertRejected(String payload, String reason, String... fragments) {
        return assertRejected(CODEC, payload, reason, fragments);
    }

    static ProtocolException assertRejected(MessageCodec codec, String payload, String reason, String... fragments) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(payload),
                () -> "accepted: " + abbreviate(payload));
        assertEquals(reason, e.reason(), () -> "reason of \"" + e.getMessage() + "\"");
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "message \"" + e.getMessage() + "\" does not mention \"" + fragment + "\"");
        }
        return e;
    }

    private static String abbreviate(String payload) {
        return payload == null || payload.length() <= 300 ? String.valueOf(payload) : payload.substring(0, 300) + "...";
    }
}
