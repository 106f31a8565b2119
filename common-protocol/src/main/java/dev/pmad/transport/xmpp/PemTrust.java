package dev.pmad.transport.xmpp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A trust manager that trusts exactly the X.509 certificates in one PEM file: the federation's
 * own CA, or the server's self-signed certificate. Never the JVM's default trust store (a
 * federation's server should not be impersonable by any public CA), never trust-all. Host names
 * are checked separately, by Smack's XMPP hostname verifier against the XMPP domain.
 *
 * <p>It reaches Smack inside a {@link PemTrustContext}, one per file and JVM, which ignores the
 * re-initialisation Smack 4.4 gives every custom context (with the JVM's default trust managers
 * when none is set): a plain context would silently lose its trust anchors.
 */
final class PemTrust {
    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private PemTrust() {}

    static X509TrustManager trustManager(Path pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            List<Certificate> certificates = read(pem);
            for (int i = 0; i < certificates.size(); i++) store.setCertificateEntry("pmad-ca-" + i, certificates.get(i));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            for (TrustManager manager : trust.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) return x509;
            }
            throw new IllegalStateException("the JVM's " + trust.getAlgorithm() + " trust manager factory made no X509TrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build TLS trust from XMPP_CA_CERT=" + pem + ": " + e, e);
        }
    }

    /** Only the CERTIFICATE blocks: a combined PEM may also hold a key, which is not ours to read. */
    static List<Certificate> read(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.ISO_8859_1);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> certificates = new ArrayList<>();
        Matcher m = CERTIFICATE.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(1));
            certificates.add(factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("XMPP_CA_CERT=" + pem + " holds no '-----BEGIN CERTIFICATE-----' block;"
                    + " point it at the PEM certificate of the CA that signed the XMPP server's certificate");
        }
        return certificates;
    }
}
