package dev.pmad.protocol;

/** The wire name of each message type, as it appears in the {@code type} field. */
public enum MessageType {
    JOIN, JOIN_ACK, HEARTBEAT, ROUND_START, MODEL_UPDATE, EVALUATE, EVAL_RESULT, GLOBAL_MODEL, STOP,
    ERROR
}
