package dev.pmad.secagg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Domain separation: an unambiguous byte string (each part length-prefixed) naming the purpose,
 * run, round and agents a key or an associated-data block belongs to, so that no key or
 * ciphertext of one context is accepted or reused in another.
 */
final class Context {
    /** HKDF salt: the protocol and its version. */
    static final byte[] SALT = "pmad-secagg-v1".getBytes(StandardCharsets.UTF_8);

    private Context() {}

    static byte[] of(String purpose, String runId, int round, String... agents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        put(out, purpose);
        put(out, runId);
        put(out, Integer.toString(round));
        for (String a : agents) {
            put(out, a);
        }
        return out.toByteArray();
    }

    private static void put(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.write(b, 0, b.length);
    }
}
