package dev.pmad.cli;

import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.agent.data.Schema;
import dev.pmad.cli.xmpp.AgentNode;
import dev.pmad.config.Env;
import dev.pmad.transport.xmpp.XmppSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run one agent over XMPP on its own data, configured by environment variables (see the README).")
final class AgentCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

    /** The environment; tests replace it. */
    Map<String, String> environment = Env.system().asMap();

    @Override
    public Integer call() throws InterruptedException {
        var map = new HashMap<>(environment);
        Env env = new Env(map);
        XmppSettings xmpp = XmppSettings.fromEnvironment(map, "AGENT_ID");
        String coordinator = env.string("COORDINATOR_JID", "coordinator@" + xmpp.domain());
        if (!coordinator.contains("@")) {
            throw new IllegalArgumentException("COORDINATOR_JID=" + coordinator + " must be a bare JID such as coordinator@" + xmpp.domain());
        }
        Schema schema = Schema.read(env.file("SCHEMA_PATH", "set it to the shared schema JSON the coordinator uses"));
        var config = ServiceConfig.agent(env, xmpp.jid(), coordinator);
        ServiceConfig.createStateDirectory(env, config);
        LocalEngine engine = engine(env, schema, map);

        var node = new AgentNode(config, engine, xmpp);
        var status = AgentStatusFile.start(AgentStatusFile.location(env), node.agent()::state, AgentStatusFile.EVERY);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            status.close();
            node.close();
        }, "agent-shutdown"));
        node.start();
        log.info("agent {} ({}, {} training rows, {} test rows) reporting to {} via {}:{}", xmpp.jid(), engine.kind(),
                engine.trainSize(), engine.testSize(), coordinator, xmpp.host(), xmpp.port());
        log.info("agent {}: privacy policy {}; ledger {}", xmpp.jid(), config.policy(), config.ledger().toAbsolutePath());
        for (String old : new String[] {"DP_EPSILON", "DP_CLIP_NORM"}) {
            if (env.string(old, null) != null) {
                log.warn("{} is a run setting of the coordinator and is ignored by an agent; the agent's own limits are"
                        + " AGENT_DP_EPSILON (lifetime) and AGENT_DP_MAX_CLIP_NORM", old);
            }
        }
        // Serve until the process is stopped, or until the agent gives up for good (its schema
        // was refused): then exit with an error, so that the operator (or the container's
        // restart policy) sees a failed process rather than an agent asking to join forever.
        String why;
        try {
            why = node.agent().gaveUp().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the agent failed", e.getCause());
        }
        System.err.println("pmad: error: agent " + xmpp.jid() + ": " + why);
        return 2;
    }

    /**
     * Tribuo loads DATA_PATH into this JVM. With USE_SPARK=true, Spark reads DATA_PATH itself
     * (any path it reads, e.g. a Parquet directory) unless PARTITION asks for this agent's share
     * of a shared CSV, which is split here exactly as for a Tribuo agent.
     */
    static LocalEngine engine(Env env, Schema schema, Map<String, String> environment) {
        if (!env.bool("USE_SPARK", false)) return AgentEngines.tribuo(ServiceConfig.agentData(env, schema));
        if (!env.string("PARTITION", "none").equals("none")) {
            return AgentEngines.spark(ServiceConfig.agentData(env, schema), environment);
        }
        return AgentEngines.spark(schema, environment);
    }
}
