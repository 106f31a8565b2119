package dev.pmad.protocol;

import static dev.pmad.protocol.Payloads.CODEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The wire format of protocol version 1, pinned byte for byte by {@code src/test/resources/golden/*-v1.json}
 * (one file per message type, holding the encoding of its {@link TestMessages} sample, no trailing newline).
 *
 * <p>If one of these fails, an encoding change would break peers still speaking version 1. Don't
 * regenerate the files to make it pass: either keep the encoding, or bump {@link Message#PROTOCOL_VERSION}
 * and add {@code -v2} fixtures beside these.
 */
class GoldenWireFormatTest {

    @Test
    void protocolVersion_isTheOneTheFixturesPin() {
        assertEquals(1, Message.PROTOCOL_VERSION, "version changed: add -v2 golden files, keep the -v1 ones");
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void encode_fixedMessage_isByteIdenticalToGoldenFile(MessageType type) throws IOException {
        assertEquals(golden(type), CODEC.encode(TestMessages.of(type)), fileName(type));
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decode_goldenFile_givesFixedMessage(MessageType type) throws IOException, ProtocolException {
        assertEquals(TestMessages.of(type), CODEC.decode(golden(type)), fileName(type));
    }

    /** {@code MODEL_UPDATE -> model-update-v1.json}. */
    static String fileName(MessageType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-v1.json";
    }

    private static String golden(MessageType type) throws IOException {
        try (InputStream in = GoldenWireFormatTest.class.getResourceAsStream("/golden/" + fileName(type))) {
            assertNotNull(in, () -> "missing fixture src/test/resources/golden/" + fileName(type));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
