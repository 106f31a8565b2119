package dev.pmad.protocol;

import static dev.pmad.protocol.Payloads.CODEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The wire format of protocol version 4, pinned byte for byte by {@code src/test/resources/golden/*-v4.json}
 * (one file per message type, holding the encoding of its {@link TestMessages} sample, no trailing newline).
 *
 * <p>If one of these fails, an encoding change would break peers still speaking version 4. Don't
 * regenerate the files to make it pass: either keep the encoding, or bump {@link Message#PROTOCOL_VERSION}
 * and add {@code -v5} fixtures beside these. The older files are kept as the record of each
 * version, which a version-4 peer refuses with a version error, not a field error: {@code -v1}
 * before the round's procedure and Newton/SCAFFOLD statistics, {@code -v2} before the client
 * sampling rate in a round's privacy parameters, {@code -v3} before adaptive clipping and secure aggregation (the
 * SECAGG_* types have no older files).
 */
class GoldenWireFormatTest {

    @Test
    void protocolVersion_isTheOneTheFixturesPin() {
        assertEquals(4, Message.PROTOCOL_VERSION, "version changed: add -v5 golden files, keep the -v4 ones");
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

    @ParameterizedTest
    @EnumSource(value = MessageType.class, mode = EnumSource.Mode.MATCH_NONE, names = "SECAGG_.*")
    void decode_versionOneFile_isRefusedAsAnotherVersion(MessageType type) throws IOException {
        ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(golden(fileName(type, 1))));
        assertTrue(e.getMessage().contains("version 1 is not supported"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = MessageType.class, mode = EnumSource.Mode.MATCH_NONE, names = "SECAGG_.*")
    void decode_versionTwoFile_isRefusedAsAnotherVersion(MessageType type) throws IOException {
        ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(golden(fileName(type, 2))));
        assertTrue(e.getMessage().contains("version 2 is not supported"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = MessageType.class, mode = EnumSource.Mode.MATCH_NONE, names = "SECAGG_.*")
    void decode_versionThreeFile_isRefusedAsAnotherVersion(MessageType type) throws IOException {
        ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(golden(fileName(type, 3))));
        assertTrue(e.getMessage().contains("version 3 is not supported"), e.getMessage());
    }

    /** {@code MODEL_UPDATE -> model-update-v2.json}. */
    static String fileName(MessageType type) {
        return fileName(type, Message.PROTOCOL_VERSION);
    }

    static String fileName(MessageType type, int version) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-v" + version + ".json";
    }

    private static String golden(MessageType type) throws IOException {
        return golden(fileName(type));
    }

    private static String golden(String file) throws IOException {
        try (InputStream in = GoldenWireFormatTest.class.getResourceAsStream("/golden/" + file)) {
            assertNotNull(in, () -> "missing fixture src/test/resources/golden/" + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
