package dev.pmad.cli.xmpp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.FeatureEncoder;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.protocol.Heartbeat;
import dev.pmad.protocol.Join;
import dev.pmad.protocol.JoinAck;
import dev.pmad.protocol.Message;
import dev.pmad.protocol.ModelUpdate;
import dev.pmad.protocol.Weights;
import dev.pmad.testing.ProsodyServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, acceptance 1: an account on the same Prosody that is not in the coordinator's
 * allow-list sends JOIN, a MODEL_UPDATE and 10,000 heartbeats while a run is training. The
 * coordinator ({@code pmad coordinator}, its own process) trains the same model, bit for bit, as
 * without it, logs a line or two about it, answers it once and counts every message in /metrics.
 */
class EnrolmentOverXmppTest {
    private static final int HEARTBEATS = 10_000;
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final Set<String> ENGINE_SETUP = Set.of("kind", "schema", "trainSize", "testSize", "trainStats",
            "prepare", "close", "toString", "hashCode", "equals");

    @RegisterExtension
    static final ProsodyServer PROSODY = ProsodyServer.builder().build();

    @TempDir
    Path dir;

    private Parties parties;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void parties() {
        parties = new Parties(PROSODY, dir);
    }

    @AfterEach
    void stop() {
        parties.close();
    }

    @Test
    void accountNotInTheAllowList_floodingARun_changesNoBit_logsAFewLines_andIsAnsweredOnce() throws Exception {
        JsonNode quiet = run("quiet", null);

        PmadProcess coordinator;
        JsonNode flooded;
        var hold = new CountDownLatch(1);
        try (Impostor mallory = new Impostor(PROSODY.settingsFor(parties.account("mallory")), parties.coordinatorJid())) {
            coordinator = start("flooded");
            String url = dashboard(coordinator);
            // agent-3 computes nothing until the flood is in: round 1 stays in TRAINING meanwhile.
            startAgents(engine -> held(engine, hold));
            JsonNode state = awaitState(url, s -> s.at("/phase").asText().equals("TRAINING") && s.at("/round").asInt() == 1);
            String runId = state.at("/runId").asText();

            LocalData data = parties.data(1, 3);
            mallory.send(new Join("", 0, mallory.jid(), Join.newIncarnation(), data.schema().fingerprint(), "tribuo",
                    1_000_000_000, data.test().size(), FeatureEncoder.stats(data.train())));
            double[] huge = new double[modelSize(data)];
            Arrays.fill(huge, 1e6);
            mallory.send(new ModelUpdate(runId, 1, mallory.jid(), Weights.of(huge), 1_000_000_000, 0.1, 0, 0.01));
            for (int i = 0; i < HEARTBEATS; i++) mallory.send(new Heartbeat(runId, 1, mallory.jid(), "TRAINING"));

            await().atMost(RUN_LIMIT).untilAsserted(() -> assertEquals(HEARTBEATS + 2.0,
                    metric(url, "pmad_rejected_messages_total{reason=\"not-enrolled\"}"), "every message counted"));
            assertEquals("TRAINING", get(url, "/api/state").at("/phase").asText(), "all of it arrived during round 1");
            hold.countDown();
            flooded = awaitModel(url);

            List<Message> answers = mallory.received();
            assertTrue(answers.size() <= 1, () -> "answered at most once: " + answers);
            answers.forEach(a -> assertFalse(((JoinAck) a).accepted()));
            for (JsonNode agent : get(url, "/api/agents")) {
                assertNotEquals(mallory.jid(), agent.get("id").asText(), "never joined");
            }
            List<String> lines = coordinator.lines("mallory");
            assertTrue(lines.size() <= 3, () -> "a few lines about the intruder, not " + lines.size() + ":\n"
                    + String.join("\n", lines.subList(0, Math.min(10, lines.size()))));
        }

        assertEquals(quiet.at("/model/weights"), flooded.at("/model/weights"), "the same model, bit for bit");
        assertEquals(quiet.at("/model/standardization"), flooded.at("/model/standardization"));
        assertEquals("COMPLETED", flooded.at("/model/outcome").asText());
    }

    @Test
    void coordinatorService_withoutAnAllowList_refusesToStart_sayingWhatToSet() throws Exception {
        PmadProcess coordinator = parties.coordinatorProcess(Map.of("AGENTS", ""));

        assertEquals(2, coordinator.awaitExit(Duration.ofSeconds(60)), coordinator.tail(10));
        assertTrue(coordinator.stderr().contains("no allow-list of agents: set AGENTS"), coordinator.tail(10));
        assertTrue(coordinator.stderr().contains("AGENTS=* lets any account"), coordinator.tail(10));
    }

    /** A coordinator process and three agents, one run; returns its model as the dashboard serves it. */
    private JsonNode run(String name, java.util.function.UnaryOperator<LocalEngine> wrap) throws Exception {
        PmadProcess coordinator = start(name);
        String url = dashboard(coordinator);
        List<AgentNode> agents = startAgents(wrap == null ? e -> e : wrap);
        JsonNode model = awaitModel(url);
        agents.forEach(AgentNode::close);
        coordinator.close();
        return model;
    }

    private PmadProcess start(String name) {
        var settings = new HashMap<String, String>();
        settings.put("AGENTS", "agent-1,agent-2,agent-3");
        settings.put("MIN_AGENTS", "3");
        settings.put("TARGET_ROUNDS", "3");
        settings.put("AUTO_START", "true");
        settings.put("ROUND_TIMEOUT", "120s");
        settings.put("HEARTBEAT_INTERVAL", "1s");
        // agent-3's loop is held while the flood arrives: its silence must not count as lost.
        settings.put("MISSED_HEARTBEATS", "120");
        settings.put("DASHBOARD_HOST", "127.0.0.1");
        settings.put("RUNS_DIR", dir.resolve("runs-" + name).toString());
        return parties.coordinatorProcess(settings);
    }

    /** Agents 1-3, fresh processes' worth of state each time; {@code wrap} applies to agent-3's engine. */
    private List<AgentNode> startAgents(java.util.function.UnaryOperator<LocalEngine> wrap) {
        return List.of(parties.agent(1, 3, e -> e), parties.agent(2, 3, e -> e), parties.agent(3, 3, wrap));
    }

    /** The engine, whose computations wait for {@code hold} (setup calls for JOIN do not). */
    private static LocalEngine held(LocalEngine engine, CountDownLatch hold) {
        return (LocalEngine) Proxy.newProxyInstance(LocalEngine.class.getClassLoader(), new Class<?>[] {LocalEngine.class},
                (proxy, method, args) -> {
                    if (!ENGINE_SETUP.contains(method.getName()) && !hold.await(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released agent-3");
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static int modelSize(LocalData data) {
        return data.schema().classes().size() * (data.schema().encodedWidth() + 1);
    }

    private static String dashboard(PmadProcess coordinator) {
        coordinator.awaitLogLines("dashboard: listening on", 1, Parties.DEADLINE);
        Matcher m = Pattern.compile("listening on (http://[^/\\s]+)/").matcher(coordinator.stderr());
        assertTrue(m.find(), coordinator.tail(20));
        return m.group(1);
    }

    private JsonNode awaitModel(String url) {
        awaitState(url, s -> s.at("/lastRun/outcome").asText().equals("COMPLETED"));
        return get(url, "/api/model");
    }

    private JsonNode awaitState(String url, java.util.function.Predicate<JsonNode> condition) {
        return await().atMost(RUN_LIMIT).until(() -> get(url, "/api/state"), condition::test);
    }

    private JsonNode get(String url, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            return json.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private double metric(String url, String series) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }
}
