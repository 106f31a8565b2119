package dev.pmad.transport.direct;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;

/** The receiver's side: fetches one offered payload and checks it. */
public final class DirectFetch {
    private DirectFetch() {}

    /** Why a fetch failed; the message says what to check. */
    public static final class FetchException extends Exception {
        public FetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Connects to the offer's listener, reads and opens every record, and checks length and
     * SHA-256; {@code timeout} bounds the connect and every read.
     */
    public static String fetch(DirectOffer offer, Duration timeout) throws FetchException {
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        String where = offer.host() + ":" + offer.port();
        byte[] payload = new byte[offer.length()];
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setReceiveBufferSize(1 << 20);
            socket.connect(new InetSocketAddress(offer.host(), offer.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(offer.id());
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            Records records = new Records(offer.key(), offer.id());
            // Hashed record by record, while the sender seals the next one (on another core),
            // not all at once after the last.
            MessageDigest digest = DirectServer.sha256();
            byte[] sealed = new byte[Records.PLAIN_BYTES + Records.TAG_BYTES];
            int filled = 0;
            int count = Records.count(offer.length());
            for (int i = 0; i < count; i++) {
                int expected = Math.min(Records.PLAIN_BYTES, offer.length() - filled) + Records.TAG_BYTES;
                int n = in.readInt();
                if (n != expected) {
                    throw new FetchException("direct transfer from " + where + ": record " + i + " is " + n
                            + " bytes, expected " + expected + "; refused", null);
                }
                in.readFully(sealed, 0, n);
                try {
                    int opened = records.open(i, sealed, n, payload, filled);
                    digest.update(payload, filled, opened);
                    filled += opened;
                } catch (GeneralSecurityException forged) {
                    throw new FetchException("direct transfer from " + where + ": record " + i
                            + " does not authenticate (tampered with, or not from the sender); refused", forged);
                }
            }
            if (!MessageDigest.isEqual(digest.digest(), offer.sha256())) {
                throw new FetchException("direct transfer from " + where + ": SHA-256 of the payload does not match the offer; refused", null);
            }
        } catch (EOFException e) {
            throw new FetchException("direct transfer from " + where + " ended early (the sender closed it, or its offer"
                    + " expired); the payload is lost", e);
        } catch (IOException e) {
            throw new FetchException("cannot fetch a direct transfer from " + where + ": " + e
                    + " (the sender's XMPP_DIRECT_HOST and XMPP_DIRECT_PORT must be reachable from here; unset"
                    + " XMPP_DIRECT_HOST on the sender to send large payloads in-band)", e);
        }
        return new String(payload, StandardCharsets.UTF_8);
    }
}
