package dev.pmad.coordinator.tracking.mlflow;

import java.util.ArrayList;
import java.util.List;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunTag;

/**
 * Splits what is to be logged into {@code runs/log-batch} requests within MLflow's limits: at most
 * 1000 metrics, 100 params and 100 tags per request, 1000 entries in all. A federation of many
 * agents has two metrics per agent per round, so one round can exceed one request.
 */
record Batches(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;
    static final int MAX_TOTAL = 1000;

    static List<Batches> split(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        var out = new ArrayList<Batches>();
        int m = 0;
        int p = 0;
        int t = 0;
        while (m < metrics.size() || p < params.size() || t < tags.size()) {
            int np = Math.min(MAX_PARAMS, params.size() - p);
            int nt = Math.min(MAX_TAGS, tags.size() - t);
            int nm = Math.min(Math.min(MAX_METRICS, MAX_TOTAL - np - nt), metrics.size() - m);
            out.add(new Batches(metrics.subList(m, m + nm), params.subList(p, p + np), tags.subList(t, t + nt)));
            m += nm;
            p += np;
            t += nt;
        }
        return out;
    }
}
