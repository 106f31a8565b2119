package dev.pmad.transport.xmpp;

import dev.pmad.transport.direct.DirectOffer;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.StandardExtensionElement;

/**
 * How payloads sit inside {@code <message/>} stanzas.
 *
 * <p>A payload that is valid XML text and whose escaped UTF-8 form fits the chunk size travels
 * as the {@code <body/>}: readable in any XMPP client and in Prosody's logs, which is what an
 * operator debugging a federation wants. Anything else is split into
 * {@code <chunk xmlns='urn:pmad:transport:chunk:1' id='..' index='..' count='..' length='..'
 * sha256='..'>base64</chunk>} elements. Base64 costs a third more bytes but makes each
 * stanza's size exact (no escaping blow-up: a payload of {@code &} characters would grow five
 * times as a body) and carries any text byte-identical (XML parsers turn {@code \r} into
 * {@code \n} and cannot carry most control characters).
 *
 * <p>Incoming chunk elements are read from Smack's generic {@link StandardExtensionElement}
 * rather than a registered provider: a provider that throws on hostile input makes Smack close
 * the whole connection, while here a bad element costs one counted, dropped chunk.
 */
final class WireFormat {
    static final String CHUNK_ELEMENT = "chunk";
    static final String CHUNK_NAMESPACE = "urn:pmad:transport:chunk:1";
    static final QName CHUNK_QNAME = new QName(CHUNK_NAMESPACE, CHUNK_ELEMENT);
    static final String DIRECT_ELEMENT = "direct";
    static final String DIRECT_NAMESPACE = "urn:pmad:transport:direct:1";
    static final QName DIRECT_QNAME = new QName(DIRECT_NAMESPACE, DIRECT_ELEMENT);
    /** Upper bound for everything in a stanza except the body text or chunk data. */
    static final int ENVELOPE_BYTES = 1024;

    private static final Pattern TRANSFER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private WireFormat() {}

    /** Whether {@code payload} can travel as a body of at most {@code limitBytes} escaped bytes. */
    static boolean fitsInBody(String payload, int limitBytes) {
        long escapedBytes = 0;
        for (int i = 0; i < payload.length(); ) {
            int cp = payload.codePointAt(i);
            i += Character.charCount(cp);
            if (!isKeptVerbatimByXml(cp)) return false;
            escapedBytes += switch (cp) {
                case '&' -> 5;             // &amp;
                case '<', '>' -> 4;        // &lt; &gt;
                case '"', '\'' -> 6;       // &quot; &apos;
                default -> cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            };
            if (escapedBytes > limitBytes) return false;
        }
        return true;
    }

    /** XML 1.0 characters, minus {@code \r} which parsers normalise to {@code \n}. */
    private static boolean isKeptVerbatimByXml(int cp) {
        return cp == 0x9 || cp == 0xA
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    /** Stanza bytes a chunk of {@code chunkBytes} data bytes needs, envelope included. */
    static int stanzaBytesForChunk(int chunkBytes) {
        return 4 * ((chunkBytes + 2) / 3) + ENVELOPE_BYTES;
    }

    static StandardExtensionElement toElement(Chunk chunk) {
        Base64.Encoder base64 = Base64.getEncoder();
        return StandardExtensionElement.builder(CHUNK_ELEMENT, CHUNK_NAMESPACE)
                .addAttribute("id", chunk.transferId())
                .addAttribute("index", Integer.toString(chunk.index()))
                .addAttribute("count", Integer.toString(chunk.count()))
                .addAttribute("length", Integer.toString(chunk.totalBytes()))
                .addAttribute("sha256", base64.encodeToString(chunk.sha256()))
                .setText(base64.encodeToString(chunk.data()))
                .build();
    }

    /**
     * {@code <direct xmlns='urn:pmad:transport:direct:1' host='..' port='..' id='..' key='..'
     * length='..' sha256='..'/>}: a payload to fetch from its sender (see {@link DirectOffer}).
     */
    static StandardExtensionElement toElement(DirectOffer offer) {
        Base64.Encoder base64 = Base64.getEncoder();
        return StandardExtensionElement.builder(DIRECT_ELEMENT, DIRECT_NAMESPACE)
                .addAttribute("host", offer.host())
                .addAttribute("port", Integer.toString(offer.port()))
                .addAttribute("id", base64.encodeToString(offer.id()))
                .addAttribute("key", base64.encodeToString(offer.key()))
                .addAttribute("length", Integer.toString(offer.length()))
                .addAttribute("sha256", base64.encodeToString(offer.sha256()))
                .build();
    }

    static DirectOffer offerFromElement(ExtensionElement element) throws MalformedChunkException {
        if (!(element instanceof StandardExtensionElement e)) {
            throw new MalformedChunkException("unexpected element type " + element.getClass().getName());
        }
        try {
            return new DirectOffer(attribute(e, "host"), intAttribute(e, "port"), base64(attribute(e, "id"), "attribute 'id'"),
                    base64(attribute(e, "key"), "attribute 'key'"), intAttribute(e, "length"),
                    base64(attribute(e, "sha256"), "attribute 'sha256'"));
        } catch (IllegalArgumentException inconsistent) {
            throw new MalformedChunkException(inconsistent.getMessage());
        }
    }

    static Chunk fromElement(ExtensionElement element) throws MalformedChunkException {
        if (!(element instanceof StandardExtensionElement e)) {
            throw new MalformedChunkException("unexpected element type " + element.getClass().getName());
        }
        String id = attribute(e, "id");
        if (!TRANSFER_ID.matcher(id).matches()) {
            throw new MalformedChunkException("attribute 'id' must match " + TRANSFER_ID.pattern());
        }
        int index = intAttribute(e, "index");
        int count = intAttribute(e, "count");
        int length = intAttribute(e, "length");
        byte[] sha256 = base64(attribute(e, "sha256"), "attribute 'sha256'");
        String text = e.getText();
        byte[] data = base64(text == null ? "" : text, "chunk text");
        try {
            return new Chunk(id, index, count, length, sha256, data);
        } catch (IllegalArgumentException inconsistent) {
            throw new MalformedChunkException(inconsistent.getMessage());
        }
    }

    private static String attribute(StandardExtensionElement e, String name) throws MalformedChunkException {
        String value = e.getAttributeValue(name);
        if (value == null) throw new MalformedChunkException("missing attribute '" + name + "'");
        return value;
    }

    private static int intAttribute(StandardExtensionElement e, String name) throws MalformedChunkException {
        String value = attribute(e, name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            throw new MalformedChunkException("attribute '" + name + "' is not an integer: '" + abbreviate(value) + "'");
        }
    }

    private static byte[] base64(String value, String what) throws MalformedChunkException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notBase64) {
            throw new MalformedChunkException(what + " is not base64: " + notBase64.getMessage());
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "...";
    }
}
