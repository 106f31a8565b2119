package dev.pmad.secagg;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * The key agreement KA of Bonawitz et al. 2017 (Section 3, "Key agreement"): X25519 (RFC 7748)
 * through the JDK's XDH provider. Public keys travel in X.509 encoding; a private key is
 * Shamir-shared as its 32-byte scalar.
 */
final class X25519 {
    /** The base point u = 9 (RFC 7748 Section 4.1): agreeing with it yields one's public key. */
    private static final BigInteger BASE_U = BigInteger.valueOf(9);

    private X25519() {}

    static KeyPair generate(SecureRandom rng) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
            g.initialize(NamedParameterSpec.X25519, rng);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 (XDH) is missing from this JVM", e);
        }
    }

    /** The public key from its X.509 encoding, or null if it is not an X25519 public key. */
    static XECPublicKey decodePublic(byte[] x509) {
        try {
            PublicKey k = KeyFactory.getInstance("XDH").generatePublic(new X509EncodedKeySpec(x509));
            if (k instanceof XECPublicKey x && x.getParams() instanceof NamedParameterSpec n
                    && n.getName().equalsIgnoreCase("X25519")) {
                return x;
            }
            return null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    static byte[] scalar(PrivateKey key) {
        return ((XECPrivateKey) key).getScalar()
                .orElseThrow(() -> new IllegalStateException("X25519 private key without scalar"));
    }

    static PrivateKey privateFromScalar(byte[] scalar) {
        try {
            return KeyFactory.getInstance("XDH").generatePrivate(
                    new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 (XDH) is missing from this JVM", e);
        }
    }

    /** The shared secret X25519(sk, pk), 32 bytes; the JDK rejects an all-zero result. */
    static byte[] agree(PrivateKey sk, PublicKey pk) throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(sk);
        ka.doPhase(pk, true);
        return ka.generateSecret();
    }

    /** Whether {@code sk} is the private key of {@code pk}: X25519(sk, 9) is the public u. */
    static boolean matches(PrivateKey sk, XECPublicKey pk) {
        try {
            PublicKey base = KeyFactory.getInstance("XDH").generatePublic(
                    new XECPublicKeySpec(NamedParameterSpec.X25519, BASE_U));
            byte[] le = agree(sk, base);
            byte[] be = new byte[le.length];
            for (int i = 0; i < le.length; i++) {
                be[i] = le[le.length - 1 - i];
            }
            return new BigInteger(1, be).equals(pk.getU());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
