package dev.pmad.dashboard.port;

import java.util.Objects;

/**
 * A downloadable model, already encoded by the federation (the dashboard does not know model
 * formats). The bytes are the caller's: treat them as read-only.
 */
public record ModelFile(String fileName, String contentType, byte[] content) {
    public ModelFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }
}
