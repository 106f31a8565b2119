package dev.pmad.cli.xmpp;

import dev.pmad.agent.Agent;
import dev.pmad.agent.AgentConfig;
import dev.pmad.agent.LocalData;
import dev.pmad.agent.engine.InMemoryEngine;
import dev.pmad.agent.engine.LocalEngine;
import dev.pmad.agent.training.TrainerFactory;
import dev.pmad.protocol.MessageCodec;
import dev.pmad.time.SystemTimers;
import dev.pmad.time.Timers;
import dev.pmad.transport.Endpoint;
import dev.pmad.transport.xmpp.XmppSettings;
import dev.pmad.transport.xmpp.XmppTransport;
import java.util.concurrent.Executor;

/**
 * An agent on an XMPP server: the engine, its transport and its timers, started and closed
 * together. {@code pmad agent} runs one per process; {@code pmad local} runs N in one JVM.
 */
public final class AgentNode implements AutoCloseable {
    private final XmppTransport transport;
    /** The node's own timers, closed with it; null when they are shared (and the sharer closes them). */
    private final SystemTimers ownTimers;
    private final Agent agent;

    /** A Tribuo agent over {@code data}. */
    public AgentNode(AgentConfig config, LocalData data, XmppSettings xmpp) {
        this(config, new InMemoryEngine(data, TrainerFactory.tribuo()), xmpp);
    }

    /**
     * A Tribuo agent over {@code data}, sharing with the other agents of this JVM {@code codec},
     * {@code timers} (not closed by {@link #close}) and {@code loops}, where its event loop runs
     * (see {@link Agent}); for {@code pmad local}'s many agents in one process.
     */
    public AgentNode(AgentConfig config, LocalData data, XmppSettings xmpp, MessageCodec codec, Timers timers,
                     Executor loops) {
        this(config, new InMemoryEngine(data, TrainerFactory.tribuo()), xmpp, codec, timers, loops);
    }

    /** Builds the node without connecting; {@code config.id()} must be the JID of {@code xmpp}. */
    public AgentNode(AgentConfig config, LocalEngine engine, XmppSettings xmpp) {
        this(config, engine, xmpp, new MessageCodec(xmpp.reassembly().maxPayloadBytes()));
    }

    /**
     * As above, with a codec that may be shared (it is thread-safe): each codec's JSON mapper
     * learns the message classes on first use, a few hundred kilobytes and milliseconds that a
     * thousand agents in one JVM ({@code pmad local}) need only once.
     */
    public AgentNode(AgentConfig config, LocalEngine engine, XmppSettings xmpp, MessageCodec codec) {
        checkIdentity(config, engine, xmpp);
        transport = new XmppTransport(xmpp);
        ownTimers = new SystemTimers("agent-timers-" + xmpp.username());
        agent = new Agent(config, engine, new Endpoint(transport, codec), ownTimers);
    }

    private AgentNode(AgentConfig config, LocalEngine engine, XmppSettings xmpp, MessageCodec codec, Timers timers,
                      Executor loops) {
        checkIdentity(config, engine, xmpp);
        transport = new XmppTransport(xmpp);
        ownTimers = null;
        agent = new Agent(config, engine, new Endpoint(transport, codec), timers, loops);
    }

    private static void checkIdentity(AgentConfig config, LocalEngine engine, XmppSettings xmpp) {
        if (!config.id().equals(xmpp.jid())) {
            engine.close();
            throw new IllegalArgumentException("the agent's id " + config.id() + " is not its XMPP account " + xmpp.jid()
                    + ": the coordinator would refuse its messages as spoofed");
        }
    }

    /** Starts the engine (which JOINs as soon as it is connected), then connects in the background. */
    public void start() {
        agent.start();
        transport.start();
    }

    public Agent agent() {
        return agent;
    }

    public XmppTransport transport() {
        return transport;
    }

    @Override
    public void close() {
        agent.close(); // closes the endpoint, and with it the transport
        if (ownTimers != null) ownTimers.close();
    }
}
