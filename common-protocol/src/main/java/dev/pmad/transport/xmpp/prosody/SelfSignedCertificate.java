package dev.pmad.transport.xmpp.prosody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed certificate (EC P-256, two days) for one DNS name, made with the
 * {@code openssl} CLI: {@code <dir>/<name>.crt} is the PEM clients trust, {@code <dir>/<name>.key}
 * the unencrypted key. The name is both CN and subjectAltName, as XMPP hostname checks want.
 */
public record SelfSignedCertificate(Path certificate, Path key) {

    public static SelfSignedCertificate generate(Path dir, String dnsName) {
        Path certificate = dir.resolve(dnsName + ".crt");
        Path key = dir.resolve(dnsName + ".key");
        List<String> command = List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=" + dnsName, "-addext", "subjectAltName=DNS:" + dnsName,
                "-keyout", key.toString(), "-out", certificate.toString());
        try {
            Files.createDirectories(dir);
            Path output = Files.createTempFile(dir, "openssl-", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl req did not finish within 30 s");
            }
            String log = Files.readString(output);
            Files.delete(output);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("openssl req failed with exit code " + p.exitValue() + ": " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run openssl (apt-get install -y openssl): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
        return new SelfSignedCertificate(certificate, key);
    }
}
