package dev.pmad.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Root of every message exchanged between coordinator and agents.
 *
 * <p>Every message carries the run id (empty before an agent knows of a run), the round it
 * belongs to (0 outside rounds) and its sender's address. The sender is checked against the
 * transport's authenticated address on arrival, so a message cannot claim to be from someone else.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Join.class, name = "JOIN"),
    @JsonSubTypes.Type(value = JoinAck.class, name = "JOIN_ACK"),
    @JsonSubTypes.Type(value = Heartbeat.class, name = "HEARTBEAT"),
    @JsonSubTypes.Type(value = RoundStart.class, name = "ROUND_START"),
    @JsonSubTypes.Type(value = ModelUpdate.class, name = "MODEL_UPDATE"),
    @JsonSubTypes.Type(value = Evaluate.class, name = "EVALUATE"),
    @JsonSubTypes.Type(value = EvalResult.class, name = "EVAL_RESULT"),
    @JsonSubTypes.Type(value = GlobalModel.class, name = "GLOBAL_MODEL"),
    @JsonSubTypes.Type(value = Stop.class, name = "STOP"),
    @JsonSubTypes.Type(value = ErrorMessage.class, name = "ERROR"),
    @JsonSubTypes.Type(value = SecAggKeys.class, name = "SECAGG_KEYS"),
    @JsonSubTypes.Type(value = SecAggRoster.class, name = "SECAGG_ROSTER"),
    @JsonSubTypes.Type(value = SecAggShares.class, name = "SECAGG_SHARES"),
    @JsonSubTypes.Type(value = SecAggRouted.class, name = "SECAGG_ROUTED"),
    @JsonSubTypes.Type(value = SecAggMasked.class, name = "SECAGG_MASKED"),
    @JsonSubTypes.Type(value = SecAggUnmask.class, name = "SECAGG_UNMASK"),
    @JsonSubTypes.Type(value = SecAggUnmaskReply.class, name = "SECAGG_UNMASK_REPLY")
})
public sealed interface Message
        permits Join, JoinAck, Heartbeat, RoundStart, ModelUpdate, Evaluate, EvalResult,
                GlobalModel, Stop, ErrorMessage, SecAggKeys, SecAggRoster, SecAggShares, SecAggRouted, SecAggMasked,
                SecAggUnmask, SecAggUnmaskReply {

    /**
     * Version of the wire format; a message with another version is rejected. 3 added the
     * client sampling rate to a round's privacy parameters; 4 added adaptive clipping (a round's
     * {@code privacy.adaptiveClip}, an update's {@code unclipped} bit) and secure aggregation (a
     * round's {@link SecureAggregation} in its ROUND_START and the SECAGG_* messages).
     */
    int PROTOCOL_VERSION = 4;

    String runId();

    int round();

    String sender();

    @JsonIgnore
    MessageType type();
}
