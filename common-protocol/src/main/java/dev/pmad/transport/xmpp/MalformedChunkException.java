package dev.pmad.transport.xmpp;

/** A {@code <chunk/>} element whose metadata cannot be read; the message says which part. */
final class MalformedChunkException extends Exception {
    MalformedChunkException(String message) {
        super(message);
    }
}
