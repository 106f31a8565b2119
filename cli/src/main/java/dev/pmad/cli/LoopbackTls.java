package dev.pmad.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The machine's ceiling for the throughput benchmark: how fast one TLS connection on loopback
 * moves bytes between two threads of this JVM, with the local Prosody's certificate and key.
 */
final class LoopbackTls {
    private LoopbackTls() {}

    /** Seconds to move {@code bytes} bytes from a TLS client to a TLS server on loopback, handshake excluded. */
    static double secondsToMove(Path certificate, Path key, long bytes) throws Exception {
        SSLContext context = context(certificate, key);
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
                try (var connection = server.accept(); InputStream in = connection.getInputStream()) {
                    byte[] buffer = new byte[1 << 16];
                    long total = 0;
                    for (int n; (n = in.read(buffer)) >= 0; ) total += n;
                    return total;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    server.getLocalPort())) {
                client.startHandshake();
                byte[] buffer = new byte[1 << 20];
                OutputStream out = client.getOutputStream();
                long began = System.nanoTime();
                for (long sent = 0; sent < bytes; sent += buffer.length) {
                    out.write(buffer, 0, (int) Math.min(buffer.length, bytes - sent));
                }
                client.shutdownOutput();
                long total = received.get();
                if (total != bytes) throw new IllegalStateException("TLS baseline moved " + total + " of " + bytes + " bytes");
                return (System.nanoTime() - began) / 1e9;
            }
        }
    }

    private static SSLContext context(Path certificate, Path key) throws Exception {
        Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(certificate));
        String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", privateKey, new char[0], new Certificate[] {cert});
        store.setCertificateEntry("ca", cert);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
