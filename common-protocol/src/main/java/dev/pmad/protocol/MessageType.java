package dev.pmad.protocol;

/** The wire name of each message type, as it appears in the {@code type} field. */
public enum MessageType {
    JOIN, JOIN_ACK, HEARTBEAT, ROUND_START, MODEL_UPDATE, EVALUATE, EVAL_RESULT, GLOBAL_MODEL, STOP,
    ERROR,
    /** Secure aggregation (see {@link SecureAggregation}), in the order a round sends them. */
    SECAGG_KEYS, SECAGG_ROSTER, SECAGG_SHARES, SECAGG_ROUTED, SECAGG_MASKED, SECAGG_UNMASK, SECAGG_UNMASK_REPLY
}
