package dev.pmad.transport.xmpp.prosody;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a SCRAM-SHA-1 server stores for an account instead of its password (RFC 5802, section 3):
 *
 * <pre>
 * SaltedPassword = Hi(password, salt, i)           -- Hi is PBKDF2-HMAC-SHA1 (RFC 2898) with a 20-byte output
 * ClientKey      = HMAC(SaltedPassword, "Client Key")
 * StoredKey      = SHA1(ClientKey)
 * ServerKey      = HMAC(SaltedPassword, "Server Key")
 * </pre>
 *
 * <p>The fields are as Prosody's {@code mod_auth_internal_hashed} keeps them: the salt as the
 * string it hashes (Prosody's own are UUIDs), the keys in lower-case hex.
 *
 * @param salt           the salt, used as its UTF-8 bytes
 * @param iterationCount i of Hi
 * @param storedKey      StoredKey, lower-case hex
 * @param serverKey      ServerKey, lower-case hex
 */
public record ScramCredentials(String salt, int iterationCount, String storedKey, String serverKey) {
    private static final HexFormat HEX = HexFormat.of();

    public ScramCredentials {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        if (iterationCount < 1) throw new IllegalArgumentException("iterationCount must be at least 1, was " + iterationCount);
    }

    /**
     * Derives the stored credentials of {@code password}.
     *
     * @param password printable ASCII: SASLprep (RFC 4013), which a server applies first, leaves
     *     such a string unchanged, and this class does not implement it for anything else
     * @throws IllegalArgumentException if the password is not printable ASCII
     */
    public static ScramCredentials derive(String password, String salt, int iterationCount) {
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("the password must be printable ASCII without spaces (SASLprep is not"
                        + " implemented here); register such accounts with prosodyctl");
            }
        }
        try {
            // PBKDF2WithHmacSHA1 takes the password as chars and encodes them as UTF-8: for ASCII, its bytes.
            byte[] saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8),
                            iterationCount, 160))
                    .getEncoded();
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(saltedPassword, "HmacSHA1"));
            byte[] clientKey = hmac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] serverKey = hmac.doFinal("Server Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance("SHA-1").digest(clientKey);
            return new ScramCredentials(salt, iterationCount, HEX.formatHex(storedKey), HEX.formatHex(serverKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks PBKDF2WithHmacSHA1, HmacSHA1 or SHA-1, which every Java 17 has", e);
        }
    }
}
