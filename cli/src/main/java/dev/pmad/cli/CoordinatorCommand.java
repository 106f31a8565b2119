package dev.pmad.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.Schema;
import dev.pmad.cli.dashboard.CoordinatorFederationPort;
import dev.pmad.cli.xmpp.CoordinatorNode;
import dev.pmad.config.Env;
import dev.pmad.coordinator.tracking.RunTracker;
import dev.pmad.dashboard.Dashboard;
import dev.pmad.dashboard.DashboardConfig;
import dev.pmad.coordinator.CoordinatorListener;
import dev.pmad.coordinator.StartResult;
import dev.pmad.coordinator.run.Outcome;
import dev.pmad.coordinator.run.RunSummary;
import dev.pmad.coordinator.run.SummaryJson;
import dev.pmad.transport.xmpp.XmppSettings;
import dev.pmad.coordinator.checkpoint.RunCheckpoint;
import dev.pmad.coordinator.tracking.Orphans;
import dev.pmad.coordinator.tracking.TrackingSettings;
import dev.pmad.coordinator.checkpoint.StateDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Run the coordinator service over XMPP, configured by environment variables (see the README).")
final class CoordinatorCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorCommand.class);

    /** The environment; tests replace it. */
    Map<String, String> environment = Env.system().asMap();

    @Override
    public Integer call() throws Exception {
        var map = new HashMap<>(environment);
        map.putIfAbsent("COORDINATOR_ID", "coordinator");
        Env env = new Env(map);
        Schema schema = Schema.read(env.file("SCHEMA_PATH", "set it to the shared schema JSON every agent uses"));
        XmppSettings xmpp = XmppSettings.fromEnvironment(map, "COORDINATOR_ID");
        var config = ServiceConfig.coordinator(env, schema, xmpp.jid());
        // Before anything connects: a service that would let anyone join must be told so (AGENTS=*).
        var enrolment = ServiceConfig.enrolment(env, xmpp.domain());
        var quarantine = ServiceConfig.quarantine(env);
        boolean autoStart = env.bool("AUTO_START", false);
        boolean exitAfterRun = env.bool("EXIT_AFTER_RUN", false);
        String stateDir = env.string("STATE_DIR", null);
        StateDirectory state = stateDir == null ? null : new StateDirectory(Path.of(stateDir));
        // Before anything connects: a damaged state file stops the service (exit 2) rather than lose the run.
        RunCheckpoint resume = StateOptions.unfinished(state);

        String evalData = env.string("EVAL_DATA_PATH", null);
        HeldOutData heldOut = evalData == null ? null
                : new HeldOutData(schema, CsvLoader.load(env.file("EVAL_DATA_PATH", "a public CSV of held-out rows"), schema));

        var node = new CoordinatorNode(config, xmpp);
        node.coordinator().useEnrolment(enrolment);
        node.coordinator().useQuarantine(quarantine);
        if (enrolment.anyone()) {
            log.warn("coordinator: AGENTS=* lets any account on the XMPP server at {} join as an agent; list the agents"
                    + " in AGENTS or AGENTS_FILE unless every account there is one", xmpp.host());
        } else {
            log.info("coordinator: {} may join: {}", enrolment.describe(), String.join(", ", enrolment.agents()));
        }
        if (state != null) node.coordinator().useStateDirectory(state);
        if (heldOut != null) {
            node.coordinator().useHeldOutEvaluation(heldOut);
            log.info("coordinator: scoring every round on the {} held-out rows of EVAL_DATA_PATH={}; agents are not asked to"
                    + " evaluate", heldOut.size(), evalData);
        }
        node.coordinator().addListener(new CoordinatorListener() {
            @Override
            public void onRunFinished(RunSummary summary) {
                log.info("run {} ended {}: {}", summary.runId(), summary.outcome(), summary.reason());
            }
        });
        var port = new CoordinatorFederationPort(node.coordinator(), schema.classes(), schema.encodedNames(),
                config.targetRounds());
        // Started before the node, so the page's event log shows the agents joining.
        var dashboard = Dashboard.start(ServiceConfig.dashboard(env), port);
        RunTracker tracker = Tracking.attach(node.coordinator(), schema, Tracking.service("xmpp"), map,
                problem -> port.log("warn", "tracking: " + problem), notice -> port.log("info", notice));
        // The service is its runs directory's and experiment's only writer: what a killed predecessor
        // left open, and will not be resumed, is ended as FAILED with the reason.
        for (String orphan : Orphans.reconcile(TrackingSettings.fromEnvironment(map),
                resume == null ? null : resume.runId(), problem -> log.warn("tracking: {}", problem))) {
            log.warn("run {} was left unfinished by a coordinator that stopped; recorded as FAILED", orphan);
            port.log("warn", "run " + orphan + " was left unfinished by a coordinator that stopped; recorded as FAILED");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            tracker.close();
            node.close();
        }, "coordinator-shutdown"));
        node.start();
        log.info("coordinator {} on {}:{}, waiting for {} agents (MIN_AGENTS)", xmpp.jid(), xmpp.host(), xmpp.port(),
                config.minAgents());
        if (resume != null) {
            // The unfinished run goes on under its own id, whatever AUTO_START says: it was started.
            StateOptions.resume(node.coordinator(), resume);
        } else if (autoStart) {
            StartResult started = node.coordinator().startRun(config.targetRounds()).get();
            if (!started.accepted()) throw new IllegalArgumentException(started.error());
        }
        if (!exitAfterRun) {
            new CountDownLatch(1).await(); // serve until the process is stopped
        }
        RunSummary summary = node.awaitRunFinished();
        // The node heard of the end before the tracker did (its listener came first).
        tracker.awaitRunEnded(summary.runId(), Duration.ofSeconds(60));
        tracker.close(); // the last uploads before the summary is printed
        ObjectNode out = SummaryJson.toJson(summary);
        RunLocation.of(map, summary.runId()).addTo(out);
        System.out.println(Output.compact(out));
        return summary.outcome() == Outcome.COMPLETED ? 0 : 1;
    }
}
