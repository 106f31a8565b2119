package dev.pmad.coordinator.tracking.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunTag;

class BatchesTest {

    @Test
    void manyAgents_splitIntoRequestsWithinMlflowsLimits_keepingOrder() {
        List<Metric> metrics = IntStream.range(0, 2500)
                .mapToObj(i -> Metric.newBuilder().setKey("m" + i).setValue(i).setTimestamp(1).setStep(1).build()).toList();
        List<Param> params = IntStream.range(0, 150).mapToObj(i -> Param.newBuilder().setKey("p" + i).setValue("v").build()).toList();
        List<RunTag> tags = IntStream.range(0, 5).mapToObj(i -> RunTag.newBuilder().setKey("t" + i).setValue("v").build()).toList();

        List<Batches> batches = Batches.split(metrics, params, tags);

        int m = 0;
        int p = 0;
        int t = 0;
        for (Batches b : batches) {
            assertTrue(b.metrics().size() <= 1000 && b.params().size() <= 100 && b.tags().size() <= 100);
            assertTrue(b.metrics().size() + b.params().size() + b.tags().size() <= 1000);
            for (Metric x : b.metrics()) assertEquals("m" + m++, x.getKey());
            for (Param x : b.params()) assertEquals("p" + p++, x.getKey());
            for (RunTag x : b.tags()) assertEquals("t" + t++, x.getKey());
        }
        assertEquals(2500, m);
        assertEquals(150, p);
        assertEquals(5, t);
        assertEquals(3, batches.size());
    }

    @Test
    void nothingToLog_meansNoRequest() {
        assertEquals(List.of(), Batches.split(List.of(), List.of(), List.of()));
    }
}
