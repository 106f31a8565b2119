package dev.pmad.transport.xmpp.prosody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Writes accounts the way Prosody 0.12 keeps them with {@code authentication = "internal_hashed"}
 * and {@code storage = "internal"}, so that thousands of accounts take a fraction of a second
 * instead of one {@code prosodyctl register} (a Lua start-up, about 0.2 s) each.
 *
 * <p>The layout is {@code util/datamanager.lua}'s: {@code <data_path>/<host>/accounts/<user>.dat},
 * where host and user have every byte that is not a letter or digit written as {@code %xx}
 * ({@code agent-1} is {@code agent%2d1.dat}), holding a Lua table as {@code util/serialization}
 * writes it, with the fields {@code mod_auth_internal_hashed.lua} reads. Prosody reads the file on
 * every login, so an account written while the server runs is usable at once.
 */
final class AccountFiles {
    /** Names Prosody's nodeprep leaves as they are, so the file name is the one it looks up. */
    private static final Pattern NODE = Pattern.compile("[a-z0-9._-]+");
    private static final Pattern HOST = Pattern.compile("[a-z0-9.-]+");

    private AccountFiles() {}

    /** Writes (or replaces) the account file of {@code username}@{@code host} under {@code dataPath}. */
    static void write(Path dataPath, String host, String username, ScramCredentials credentials) {
        if (!NODE.matcher(username).matches()) {
            throw new IllegalArgumentException("account name '" + username + "' is not lower-case letters, digits, '.', '_'"
                    + " or '-'; register such accounts with prosodyctl, which applies nodeprep");
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("domain '" + host + "' is not lower-case letters, digits, '.' or '-'");
        }
        Path dir = dataPath.resolve(encode(host)).resolve("accounts");
        Path file = dir.resolve(encode(username) + ".dat");
        try {
            Files.createDirectories(dir);
            // Write then rename: a login reading the file at that moment sees the old account or the new one.
            Path temporary = Files.createTempFile(dir, ".new-", ".tmp");
            Files.writeString(temporary, render(credentials), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Prosody account file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's content, as prosodyctl would write it (field order aside, which Lua ignores). */
    static String render(ScramCredentials c) {
        return "return {\n"
                + "\t[\"iteration_count\"] = " + c.iterationCount() + ";\n"
                + "\t[\"salt\"] = " + lua(c.salt()) + ";\n"
                + "\t[\"server_key\"] = " + lua(c.serverKey()) + ";\n"
                + "\t[\"stored_key\"] = " + lua(c.storedKey()) + ";\n"
                + "};\n";
    }

    /** {@code util/datamanager.lua}'s encode: {@code s:gsub("%W", function (c) return format("%%%02x", c:byte()) end)}. */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (alnum) out.append((char) c);
            else out.append('%').append(String.format("%02x", c));
        }
        return out.toString();
    }

    private static String lua(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
