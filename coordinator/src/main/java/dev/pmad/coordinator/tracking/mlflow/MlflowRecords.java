package dev.pmad.coordinator.tracking.mlflow;

import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.tracking.RoundLogged;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;

/** PMAD's records as the MLflow Java client's protobuf messages. */
final class MlflowRecords {
    private MlflowRecords() {}

    /** COMPLETED → FINISHED, STOPPED (by a user) → KILLED, FAILED → FAILED. */
    static RunStatus status(Outcome outcome) {
        return switch (outcome) {
            case COMPLETED -> RunStatus.FINISHED;
            case STOPPED -> RunStatus.KILLED;
            case FAILED -> RunStatus.FAILED;
        };
    }

    /** Every metric of the rounds, with step = round and the time the round completed. */
    static List<Metric> metrics(List<RoundLogged> rounds) {
        var out = new ArrayList<Metric>();
        for (RoundLogged r : rounds) {
            long at = r.at().toEpochMilli();
            r.metrics().forEach((k, v) -> out.add(Metric.newBuilder().setKey(k).setValue(v).setTimestamp(at)
                    .setStep(r.round()).build()));
        }
        return out;
    }

    static List<Param> params(Map<String, String> params) {
        return params.entrySet().stream().map(e -> Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build())
                .toList();
    }

    static List<RunTag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> RunTag.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build())
                .toList();
    }
}
