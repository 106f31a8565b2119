package dev.pmad.transport.xmpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One TLS client context per trusted PEM file and JVM, trusting exactly that file's certificates
 * ({@link PemTrust}), for every connection of the process that trusts the same file.
 *
 * <p>Why one: a JDK {@code SSLContext} keeps the client's TLS sessions, so only connections made
 * from the same context can resume a session (TLS 1.3 PSK) instead of a full handshake: no
 * certificate to parse, validate and verify the signature of. Smack 4.4 builds a context per
 * connection (and {@code pmad local} makes a thousand); this one is built once.
 *
 * <p>Smack calls {@code init} on the context it is given with its own trust managers, the JVM's
 * defaults when none is set; that call is ignored here, so the trust stays this file's and
 * nothing else's (which is also why {@link PemTrust}'s trust manager could not simply be put in a
 * context before). Host names are checked separately, by Smack's XMPP hostname verifier.
 */
final class PemTrustContext {
    /** By file name and content: a replaced file (a rotated CA) gets a context of its own. */
    private static final Map<String, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

    private PemTrustContext() {}

    static SSLContext forPem(Path pem) {
        String content;
        try {
            content = Files.readString(pem, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read XMPP_CA_CERT=" + pem + ": " + e.getMessage(), e);
        }
        return CONTEXTS.computeIfAbsent(pem.toAbsolutePath() + "\n" + content, key -> create(pem));
    }

    /**
     * Server certificates checked so far through the contexts of this class: one per full TLS
     * handshake; a resumed session is not checked again (its certificate was, when it was made).
     */
    static long certificateChecks() {
        return CHECKS.get();
    }

    private static final AtomicLong CHECKS = new AtomicLong();

    private static SSLContext create(Path pem) {
        try {
            SSLContext real = SSLContext.getInstance("TLS");
            real.init(null, new TrustManager[] {new Counting(PemTrust.trustManager(pem))}, null);
            return new FixedTrust(real);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a TLS context: " + e, e);
        }
    }

    /** The PEM file's trust manager, counting the server certificates it checks. */
    private static final class Counting extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager trust;

        Counting(X509TrustManager trust) {
            // The JDK's own (PKIX) managers are extended ones; a plain one would lose the JDK's
            // checks of the handshake's algorithm constraints.
            if (!(trust instanceof X509ExtendedTrustManager extended)) {
                throw new IllegalStateException("the JVM's trust manager " + trust.getClass().getName()
                        + " is not an X509ExtendedTrustManager");
            }
            this.trust = extended;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            CHECKS.incrementAndGet();
            trust.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            CHECKS.incrementAndGet();
            trust.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CHECKS.incrementAndGet();
            trust.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trust.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            trust.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
        }
    }

    /** A context whose {@code init} changes nothing: everything else goes to {@code real}. */
    private static final class FixedTrust extends SSLContext {
        FixedTrust(SSLContext real) {
            super(new Spi(real), real.getProvider(), real.getProtocol());
        }
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext real;

        Spi(SSLContext real) {
            this.real = real;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
            // Ignored on purpose: the trust was fixed when the context was made (see the class comment).
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return real.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return real.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return real.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return real.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return real.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return real.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return real.getSupportedSSLParameters();
        }
    }
}
