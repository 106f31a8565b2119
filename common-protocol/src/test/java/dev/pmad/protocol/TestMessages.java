package dev.pmad.protocol;

import java.util.List;
import java.util.Map;

/**
 * One fixed, valid message per {@link MessageType}: the subjects of the round-trip, validation and
 * golden wire-format tests. Changing a value here changes the golden fixtures, so don't.
 *
 * <p>The vectors hold values whose bits are easy to get wrong (-0.0, a subnormal, extremes) and
 * the error detail holds quotes and non-ASCII text, so the fixtures pin their exact encoding.
 */
final class TestMessages {
    static final String RUN = "run-7";
    static final String COORDINATOR = "coordinator@pmad.local";
    static final String AGENT = "agent-1@pmad.local";
    static final String AGENT_2 = "agent-2@pmad.local";
    static final String AGENT_3 = "agent-3@pmad.local";
    static final Blob KEY = Blob.of(new byte[] {48, 42, 48, 5, 6, 3, 43, 101, 110, 3, 33, 0, -1, 0, 127});
    static final Blob KEY_2 = Blob.of(new byte[] {48, 42, 48, 5, 6, 3, 43, 101, 110, 3, 33, 0, 1, 2, 3});
    static final Blob SEALED = Blob.of(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -128, -1});

    static final ModelShape SHAPE = new ModelShape(3, 2);
    static final Weights GLOBAL =
            Weights.of(0.25, -0.0, 1.5, Double.MIN_VALUE, -3.75, 1e-300, 2.0, Double.MAX_VALUE, -1e10);
    static final Weights DELTA = Weights.of(0.001, -0.002, 0.0, 4.9e-324, -1.0 / 3, 0.1, 1e-5, -7.0, 0.5);

    static final Join JOIN = new Join(RUN, 0, AGENT, "5e1f0c2a9b7d4e63",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "tribuo", 1200, 300,
            new FeatureStats(Weights.of(1200, 1180), Weights.of(51234.5, -12.25), Weights.of(2.5e6, 830.0625)));
    static final JoinAck JOIN_ACK = new JoinAck(RUN, 0, COORDINATOR, true, "");
    static final Heartbeat HEARTBEAT = new Heartbeat(RUN, 3, AGENT, "TRAINING");
    static final RoundStart ROUND_START = new RoundStart(RUN, 3, COORDINATOR, 10, SHAPE, GLOBAL,
            new Standardization(Weights.of(42.5, -1.25), Weights.of(7.0, 0.5)),
            new TrainingParams(2, 0.05, 32, 20240601L, new Procedure("scaffold", 0.0, false, Weights.of(0.5, -0.5))),
            new PrivacyParams("local", "gaussian", 1.0, 1.1, 8.0, 1e-5),
            new SecureAggregation(true, List.of(AGENT, AGENT_2, AGENT_3), 2, 32, 0, 10.0, 1200));
    static final ModelUpdate MODEL_UPDATE = new ModelUpdate(RUN, 3, AGENT, DELTA, 1200, 0.6931, 1.25, 4.5,
            Weights.of(-3.0, 2.5), Weights.of(10.0, -1.0, 8.0), Weights.zeros(0), true);
    static final Evaluate EVALUATE = new Evaluate(RUN, 3, COORDINATOR, SHAPE, GLOBAL);
    static final EvalResult EVAL_RESULT = new EvalResult(RUN, 3, AGENT,
            List.of(50L, 3L, 1L, 4L, 60L, 2L, 0L, 5L, 75L), 98.5, 200);
    static final GlobalModel GLOBAL_MODEL = new GlobalModel(RUN, 10, COORDINATOR, SHAPE, GLOBAL, "completed");
    static final Stop STOP = new Stop(RUN, 10, COORDINATOR, "target rounds reached");
    static final ErrorMessage ERROR = new ErrorMessage(RUN, 4, AGENT, ErrorMessage.BUDGET_EXHAUSTED,
            "epsilon 8.2 would exceed the budget 8.0 \u2014 refusing \"round 4\"");

    static final SecAggKeys SECAGG_KEYS = new SecAggKeys(RUN, 3, AGENT, KEY, KEY_2);
    static final SecAggRoster SECAGG_ROSTER = new SecAggRoster(RUN, 3, COORDINATOR,
            List.of(new SecAggKey(AGENT, KEY, KEY_2), new SecAggKey(AGENT_2, KEY_2, KEY)));
    static final SecAggShares SECAGG_SHARES = new SecAggShares(RUN, 3, AGENT,
            List.of(new SealedShare(AGENT, AGENT_2, SEALED), new SealedShare(AGENT, AGENT_3, SEALED)));
    static final SecAggRouted SECAGG_ROUTED = new SecAggRouted(RUN, 3, COORDINATOR,
            List.of(new SealedShare(AGENT_2, AGENT, SEALED)));
    static final SecAggMasked SECAGG_MASKED = new SecAggMasked(RUN, 3, AGENT,
            RingVector.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 4294967295L));
    static final SecAggUnmask SECAGG_UNMASK = new SecAggUnmask(RUN, 3, COORDINATOR, List.of(AGENT, AGENT_2),
            List.of(AGENT_3));
    static final SecAggUnmaskReply SECAGG_UNMASK_REPLY = new SecAggUnmaskReply(RUN, 3, AGENT,
            List.of(new SecretShare(AGENT_2, SEALED)), List.of(new SecretShare(AGENT_3, KEY)));

    /** Every sample, keyed by type; tests iterate {@code @EnumSource(MessageType.class)} so none is skipped. */
    static final Map<MessageType, Message> ALL = Map.ofEntries(
            Map.entry(MessageType.JOIN, JOIN),
            Map.entry(MessageType.JOIN_ACK, JOIN_ACK),
            Map.entry(MessageType.HEARTBEAT, HEARTBEAT),
            Map.entry(MessageType.ROUND_START, ROUND_START),
            Map.entry(MessageType.MODEL_UPDATE, MODEL_UPDATE),
            Map.entry(MessageType.EVALUATE, EVALUATE),
            Map.entry(MessageType.EVAL_RESULT, EVAL_RESULT),
            Map.entry(MessageType.GLOBAL_MODEL, GLOBAL_MODEL),
            Map.entry(MessageType.STOP, STOP),
            Map.entry(MessageType.ERROR, ERROR),
            Map.entry(MessageType.SECAGG_KEYS, SECAGG_KEYS),
            Map.entry(MessageType.SECAGG_ROSTER, SECAGG_ROSTER),
            Map.entry(MessageType.SECAGG_SHARES, SECAGG_SHARES),
            Map.entry(MessageType.SECAGG_ROUTED, SECAGG_ROUTED),
            Map.entry(MessageType.SECAGG_MASKED, SECAGG_MASKED),
            Map.entry(MessageType.SECAGG_UNMASK, SECAGG_UNMASK),
            Map.entry(MessageType.SECAGG_UNMASK_REPLY, SECAGG_UNMASK_REPLY));

    private TestMessages() {}

    static Message of(MessageType type) {
        return ALL.get(type);
    }
}
