package dev.pmad.dashboard.auth;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** The secret that Start and Stop requests must carry. */
public final class ControlToken {
    /** Header the page sends; {@code Authorization: Bearer} works as well. */
    public static final String HEADER = "X-PMAD-Token";

    private final byte[] secret;
    private final boolean generated;

    private ControlToken(String value, boolean generated) {
        this.secret = value.getBytes(StandardCharsets.UTF_8);
        this.generated = generated;
    }

    /** The given token, or a fresh random one when {@code configured} is null or blank. */
    public static ControlToken of(String configured) {
        if (configured != null && !configured.isBlank()) return new ControlToken(configured.strip(), false);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return new ControlToken(Base64.getUrlEncoder().withoutPadding().encodeToString(random), true);
    }

    public String value() {
        return new String(secret, StandardCharsets.UTF_8);
    }

    /** Whether it was made up at start (and so must be shown once in the log). */
    public boolean generated() {
        return generated;
    }

    /** Constant-time comparison: response times must not reveal how much of a guess was right. */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(secret, Objects.requireNonNull(presented).getBytes(StandardCharsets.UTF_8));
    }

    /** The token the request carries, or null when it carries none. */
    static String presented(Context ctx) {
        String header = ctx.header(HEADER);
        if (header != null && !header.isBlank()) return header.strip();
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    @Override
    public String toString() {
        return "ControlToken[" + (generated ? "generated" : "configured") + "]";
    }
}
