package dev.pmad.coordinator.tracking.mlflow;

import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.tracking.Artifact;
import dev.pmad.coordinator.tracking.RoundLogged;
import dev.pmad.coordinator.tracking.RunEnded;
import dev.pmad.coordinator.tracking.RunStarted;
import dev.pmad.coordinator.tracking.TrackingSettings;
import dev.pmad.coordinator.tracking.TrackingSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MLflow run per federation run, named after it, in the experiment MLFLOW_EXPERIMENT_NAME
 * (created when missing).
 *
 * <p>At the start: the run with its settings as params and the PMAD tags. Each round: its metrics
 * in one {@code logBatch} with {@code step} = round. At the end: what the start and the rounds
 * could not send (MLflow was down then), the params and tags only the end knows, the run's files
 * as artifacts, the model registration (completed runs only), and the status: FINISHED for a
 * completed run, KILLED for a stopped one, FAILED for a failed one. Each step that fails is
 * reported and the next one still runs, so a run is terminated even if its upload failed.
 */
public final class MlflowSink implements TrackingSink {
    private static final Logger log = LoggerFactory.getLogger(MlflowSink.class);
    /** A metric every logged round has: its steps are the rounds MLflow holds. */
    private static final String ROUND_KEY = "participating_agents";

    /** What this sink knows of a run it created in MLflow. Tracker thread only. */
    private static final class Tracked {
        final String mlflowRunId;
        final String artifactUri;
        boolean startLogged;
        final Set<Integer> rounds = new HashSet<>();

        Tracked(String mlflowRunId, String artifactUri) {
            this.mlflowRunId = mlflowRunId;
            this.artifactUri = artifactUri;
        }
    }

    private final TrackingSettings settings;
    private final MlflowConnection mlflow;
    private final MlflowRest rest;
    private final Attempts attempts;
    private final ModelRegistry registry;
    private final Map<String, Tracked> runs = new HashMap<>();
    private String experimentId;

    public MlflowSink(TrackingSettings settings) {
        if (!settings.mlflowEnabled()) throw new IllegalArgumentException("MLflow sink without MLFLOW_TRACKING_URI");
        this.settings = settings;
        this.mlflow = new MlflowConnection(settings.trackingUri(), settings.credentials(), settings.callTimeout());
        this.rest = new MlflowRest(settings.trackingUri(), settings.credentials(), settings.callTimeout());
        this.attempts = new Attempts(settings.retry());
        this.registry = new ModelRegistry(rest, attempts);
    }

    @Override
    public String name() {
        return "MLflow at " + settings.trackingUri();
    }

    @Override
    public void runStarted(RunStarted run) throws CallFailed, InterruptedException {
        Tracked t;
        try {
            t = create(run);
        } catch (CallFailed e) {
            throw new CallFailed(e.getMessage() + "; tried again when the run ends, its files are in RUNS_DIR meanwhile",
                    e.retryable(), e.errorCode(), e);
        }
        try {
            logStart(t, run);
        } catch (CallFailed e) {
            throw new CallFailed(e.getMessage() + "; sent again when the run ends", e.retryable(), e.errorCode(), e);
        }
    }

    /**
     * Continues the MLflow run named after the run (the one its first process created): its
     * rounds already logged are not logged again, its start params not re-sent. Created as at a
     * start when MLflow has no such run (it was down when the run started).
     */
    @Override
    public void runResumed(RunStarted run, int completedRounds) throws CallFailed, InterruptedException {
        String experiment = experiment();
        String filter = "attributes.run_name = '" + run.runId().replace("'", "") + "'";
        List<RunInfo> found = attempts.run("look up MLflow run " + run.runId(),
                () -> mlflow.call("POST runs/search", c -> c.searchRuns(List.of(experiment), filter)));
        if (found.isEmpty()) {
            runStarted(run);
            return;
        }
        RunInfo info = found.get(0);
        var t = new Tracked(info.getRunId(), info.getArtifactUri());
        t.startLogged = true;
        List<Metric> logged = attempts.run("read the rounds of MLflow run " + run.runId(),
                () -> mlflow.call("GET metrics/get-history", c -> c.getMetricHistory(info.getRunId(), ROUND_KEY)));
        for (Metric m : logged) t.rounds.add((int) m.getStep());
        runs.put(run.runId(), t);
        log.info("MLflow: run {} resumed after round {}; continuing MLflow run {} ({} rounds logged)", run.runId(),
                completedRounds, info.getRunId(), t.rounds.size());
    }

    @Override
    public void roundLogged(RoundLogged round) throws CallFailed, InterruptedException {
        Tracked t = runs.get(round.runId());
        if (t == null) return; // not in MLflow (yet): the end of the run sends every round
        // Already there: a coordinator killed after tracking a round but before marking the run
        // ended redoes that round when resumed; MLflow keeps the round once.
        if (t.rounds.contains(round.round())) return;
        try {
            logBatch(t, MlflowRecords.metrics(List.of(round)), List.of(), List.of(), "log round " + round.round());
            t.rounds.add(round.round());
        } catch (CallFailed e) {
            throw new CallFailed(e.getMessage() + "; sent again when the run ends", e.retryable(), e.errorCode(), e);
        }
    }

    @Override
    public void runEnded(RunEnded run) throws CallFailed, InterruptedException {
        Tracked t = runs.remove(run.runId());
        if (t == null) {
            try {
                t = create(run.start());
            } catch (CallFailed e) {
                throw new CallFailed("run " + run.runId() + " is not in MLflow: " + e.getMessage()
                        + "; its files are in RUNS_DIR/" + run.runId(), e.retryable(), e.errorCode(), e);
            }
        }
        var failures = new ArrayList<String>();
        Tracked tracked = t;
        step(failures, () -> {
            if (!tracked.startLogged) logStart(tracked, run.start());
            logBatch(tracked, List.of(), MlflowRecords.params(run.params()), MlflowRecords.tags(run.tags()),
                    "log end params and tags");
        });
        step(failures, () -> {
            var missing = run.rounds().stream().filter(r -> !tracked.rounds.contains(r.round())).toList();
            if (!missing.isEmpty()) {
                logBatch(tracked, MlflowRecords.metrics(missing), List.of(), List.of(), "log " + missing.size() + " round(s)");
            }
        });
        boolean uploaded = step(failures, () -> upload(tracked, run.artifacts()));
        if (settings.registeredModel() != null && run.outcome() == Outcome.COMPLETED && run.hasModel() && uploaded) {
            step(failures, () -> {
                String version = registry.register(settings.registeredModel(),
                        tracked.artifactUri + "/" + RunEnded.MODEL_DIR, tracked.mlflowRunId, run.runId());
                log.info("MLflow: model of run {} registered as '{}' version {}", run.runId(), settings.registeredModel(),
                        version);
            });
        }
        // Last, and even after failed steps: a run left RUNNING would look alive forever.
        step(failures, () -> attempts.run("set the run status", () -> mlflow.call("POST runs/update", c -> {
            c.setTerminated(tracked.mlflowRunId, MlflowRecords.status(run.outcome()), run.endedAt().toEpochMilli());
            return null;
        })));
        if (!failures.isEmpty()) {
            throw new CallFailed("run " + run.runId() + " is incomplete in MLflow (" + String.join("; ", failures)
                    + "); all its files are in RUNS_DIR/" + run.runId(), true, null, null);
        }
    }

    /**
     * Ends as FAILED, with {@code reason} as the {@code pmad.reason} tag, every run of the
     * experiment still RUNNING except {@code keepRunId} (the run about to be resumed, or null):
     * runs a killed coordinator left behind. Only for a coordinator that is the experiment's sole
     * writer (the service of a deployment): another live process's run would be ended too.
     *
     * @return the PMAD run ids ended
     */
    public List<String> failOrphans(String keepRunId, String reason) throws CallFailed, InterruptedException {
        String experiment = experiment();
        List<RunInfo> running = attempts.run("look up runs left RUNNING",
                () -> mlflow.call("POST runs/search", c -> c.searchRuns(List.of(experiment), "attributes.status = 'RUNNING'")));
        var ended = new ArrayList<String>();
        for (RunInfo info : running) {
            String name = info.getRunName();
            if (name.equals(keepRunId)) continue;
            attempts.run("end orphaned MLflow run " + name, () -> mlflow.call("POST runs/set-tag, runs/update", c -> {
                c.setTag(info.getRunId(), "pmad.reason", reason);
                c.setTerminated(info.getRunId(), MlflowRecords.status(Outcome.FAILED), System.currentTimeMillis());
                return null;
            }));
            ended.add(name);
        }
        return ended;
    }

    @Override
    public void close() {
        mlflow.close();
    }

    // ---- steps -----------------------------------------------------------------------------------

    private Tracked create(RunStarted run) throws CallFailed, InterruptedException {
        String experiment = experiment();
        var request = CreateRun.newBuilder().setExperimentId(experiment).setRunName(run.runId())
                .setStartTime(run.startedAt().toEpochMilli()).build();
        RunInfo info;
        try {
            info = attempts.run("create the MLflow run", () -> mlflow.call("POST runs/create", c -> c.createRun(request)));
        } catch (CallFailed e) {
            // The experiment may have been deleted meanwhile: look it up again next time.
            if (!e.retryable()) experimentId = null;
            throw e;
        }
        var t = new Tracked(info.getRunId(), info.getArtifactUri());
        runs.put(run.runId(), t);
        return t;
    }

    private String experiment() throws CallFailed, InterruptedException {
        if (experimentId != null) return experimentId;
        String name = settings.experimentName();
        Optional<Experiment> found = attempts.run("look up experiment '" + name + "'",
                () -> mlflow.call("GET experiments/get-by-name", c -> c.getExperimentByName(name)));
        if (found.isPresent()) {
            if ("deleted".equals(found.get().getLifecycleStage())) {
                throw new CallFailed("experiment '" + name + "' is deleted in MLflow: restore it or set"
                        + " MLFLOW_EXPERIMENT_NAME to another name", false, null, null);
            }
            experimentId = found.get().getExperimentId();
            return experimentId;
        }
        try {
            experimentId = attempts.run("create experiment '" + name + "'",
                    () -> mlflow.call("POST experiments/create", c -> c.createExperiment(name)));
        } catch (CallFailed e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) throw e;
            // Created by someone else since we looked.
            experimentId = attempts.run("look up experiment '" + name + "'",
                    () -> mlflow.call("GET experiments/get-by-name", c -> c.getExperimentByName(name)))
                    .orElseThrow(() -> e).getExperimentId();
        }
        return experimentId;
    }

    private void logStart(Tracked t, RunStarted run) throws CallFailed, InterruptedException {
        logBatch(t, List.of(), MlflowRecords.params(run.params()), MlflowRecords.tags(run.tags()), "log params and tags");
        t.startLogged = true;
    }

    private void upload(Tracked t, List<Artifact> artifacts) throws CallFailed, InterruptedException {
        for (Artifact a : artifacts) {
            var url = ArtifactLocation.upload(settings.trackingUri(), t.artifactUri, a.path());
            attempts.run("upload " + a.path(), () -> {
                rest.put(url, a.bytes(), a.contentType());
                return null;
            });
        }
    }

    private void logBatch(Tracked t, List<Metric> metrics, List<Param> params, List<RunTag> tags, String what)
            throws CallFailed, InterruptedException {
        for (Batches b : Batches.split(metrics, params, tags)) {
            attempts.run(what, () -> mlflow.call("POST runs/log-batch", c -> {
                c.logBatch(t.mlflowRunId, b.metrics(), b.params(), b.tags());
                return null;
            }));
        }
    }

    private interface Step {
        void run() throws CallFailed, InterruptedException;
    }

    /** Runs one end-of-run step; a failure is noted and the next step still runs. */
    private static boolean step(List<String> failures, Step step) throws InterruptedException {
        try {
            step.run();
            return true;
        } catch (CallFailed e) {
            failures.add(e.getMessage());
            return false;
        }
    }
}
