package dev.pmad.transport.xmpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void fitsInBody_countsEscapedUtf8Bytes() {
        assertTrue(WireFormat.fitsInBody("a".repeat(1024), 1024));
        assertFalse(WireFormat.fitsInBody("a".repeat(1025), 1024));
        assertFalse(WireFormat.fitsInBody("&".repeat(205), 1024), "205 x '&amp;' is 1025 bytes");
        assertTrue(WireFormat.fitsInBody("\u00e9".repeat(512), 1024));
        assertFalse(WireFormat.fitsInBody("\u00e9".repeat(513), 1024));
    }

    @Test
    void fitsInBody_textXmlWouldAlter_isNotABody() {
        assertFalse(WireFormat.fitsInBody("a\rb", 1024), "parsers turn \\r into \\n");
        assertFalse(WireFormat.fitsInBody("a\u0000b", 1024));
        assertFalse(WireFormat.fitsInBody("lone \uD800 surrogate", 1024));
        assertTrue(WireFormat.fitsInBody("tab\tnewline\n\uD83D\uDE00", 1024));
    }

    @Test
    void stanzaBytesForChunk_maxChunkStaysBelowProsodyDefaultLimit() {
        assertTrue(WireFormat.stanzaBytesForChunk(XmppSettings.MAX_CHUNK_BYTES) < 256 * 1024);
    }

    @Test
    void fromElement_ofToElement_isTheSameChunk() throws Exception {
        Chunk chunk = ChunkSplitter.split("payload ".repeat(500), 1024).get(2);

        Chunk back = WireFormat.fromElement(WireFormat.toElement(chunk));

        assertEquals(chunk.transferId(), back.transferId());
        assertEquals(chunk.index(), back.index());
        assertEquals(chunk.count(), back.count());
        assertEquals(chunk.totalBytes(), back.totalBytes());
        assertArrayEquals(chunk.sha256(), back.sha256());
        assertArrayEquals(chunk.data(), back.data());
    }

    @Test
    void fromElement_malformedMetadata_isRejectedWithTheReason() {
        Map<String, String> good = Map.of("id", "t1", "index", "0", "count", "2", "length", "10",
                "sha256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=");
        assertMalformed(without(good, "index"), "QUJD", "missing attribute 'index'");
        assertMalformed(with(good, "index", "x"), "QUJD", "'index' is not an integer");
        assertMalformed(with(good, "index", "2"), "QUJD", "index must be in [0, 2)");
        assertMalformed(with(good, "count", "-1"), "QUJD", "count must be >= 1");
        assertMalformed(with(good, "length", "99999999999"), "QUJD", "'length' is not an integer");
        assertMalformed(with(good, "sha256", "AAAA"), "QUJD", "sha256 must be 32 bytes");
        assertMalformed(with(good, "id", "<script>"), "QUJD", "attribute 'id' must match");
        assertMalformed(good, "not base64!", "chunk text is not base64");
        assertMalformed(good, "", "chunk data must have");
        assertMalformed(with(good, "length", "2"), "QUJD", "chunk data must have 1..2 bytes");
    }

    private static void assertMalformed(Map<String, String> attributes, String text, String expected) {
        StandardExtensionElement element = StandardExtensionElement
                .builder(WireFormat.CHUNK_ELEMENT, WireFormat.CHUNK_NAMESPACE)
                .addAttributes(attributes).setText(text).build();
        MalformedChunkException e = assertThrows(MalformedChunkException.class, () -> WireFormat.fromElement(element));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, String> without(Map<String, String> base, String key) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(base);
        copy.remove(key);
        return copy;
    }
}
