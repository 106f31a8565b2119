package dev.pmad.transport.direct;

import java.util.Objects;

/**
 * Where this party's direct-transfer listener binds and what it tells receivers to connect to.
 *
 * @param host address to bind and to advertise ({@code XMPP_DIRECT_HOST}); receivers must reach it
 * @param port TCP port to listen on ({@code XMPP_DIRECT_PORT}); 0 picks a free one
 */
public record DirectSettings(String host, int port) {
    public DirectSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) throw new IllegalArgumentException("XMPP_DIRECT_HOST is empty: set it to an address peers can reach, or unset it");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("XMPP_DIRECT_PORT must be 0-65535 (0: any free port), was " + port);
        }
    }
}
