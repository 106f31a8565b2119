package dev.pmad.cli;

import dev.pmad.cli.dashboard.CoordinatorFederationPort;
import dev.pmad.dashboard.Dashboard;
import dev.pmad.config.Env;
import dev.pmad.dashboard.DashboardConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a coordinator, the dashboard and N agents in this JVM on the demo dataset, then wait for"
                + " Start from the page (http://localhost:8081 by default). Ctrl-C ends it.",
                "Start and Stop need the control token: DASHBOARD_TOKEN, or the one printed in the log at start."})
final class DemoCommand implements Callable<Integer> {
    static final String DEMO_DATA = "data/breast_cancer_wisconsin.csv";

    /** Unlike the coordinator service, which serves a container's every interface. */
    static final String DEFAULT_HOST = "127.0.0.1";

    // No picocli ${env:...} defaults: DASHBOARD_PORT and DASHBOARD_HOST are read by Env, like
    // every variable, so a bad value is an error naming the variable.
    @Option(names = "--port", description = "Dashboard port (default: DASHBOARD_PORT, else 8081; 0 picks a free one).")
    Integer port;

    @Option(names = "--host", description = "Interface to listen on (default: DASHBOARD_HOST, else " + DEFAULT_HOST
            + ": this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--data", paramLabel = "F.csv",
            description = "Training CSV (default: " + DEMO_DATA + " of the PMAD checkout).")
    Path data;

    @Option(names = "--label", defaultValue = "label", paramLabel = "COL", description = "Label column (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--agents", defaultValue = "5", description = "Number of agents (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--partition", defaultValue = "iid", paramLabel = "iid|dirichlet:A",
            description = "How rows are split among agents (default: ${DEFAULT-VALUE}).")
    String partition;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and of training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--round-timeout", defaultValue = "2m", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a round waits for updates: seconds (120), 120s, 2m or PT2M (default: ${DEFAULT-VALUE}).")
    Duration roundTimeout;

    @Mixin TrainingOptions training;
    @Mixin PrivacyOptions privacy;
    @Mixin AgentOptions agentOptions;
    @Mixin SamplingOptions sampling;
    @Mixin InfluenceOptions influence;
    @Mixin SecureAggregationOptions secureAggregation;
    @Mixin StateOptions state;

    @Override
    public Integer call() throws Exception {
        var closed = new CountDownLatch(1);
        Demo demo = open();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            closed.countDown();
        }, "pmad-demo-shutdown"));
        System.out.println("PMAD demo: " + agents + " agents ready. Open " + demo.url() + " and press Start"
                + " (the control token is in the log above, or DASHBOARD_TOKEN). Ctrl-C to quit.");
        closed.await();
        return 0;
    }

    /** Builds and starts the federation and the dashboard; the caller closes the result. */
    Demo open() {
        Env env = Env.system();
        var options = new DataOptions();
        options.data = data != null ? data : findDemoData(env);
        options.label = label;
        options.agents = agents;
        options.partition = partition;
        options.seed = seed;
        options.testFraction = 0.2;
        PreparedData prepared = PreparedData.load(options);
        var config = secureAggregation.apply(influence.apply(sampling.apply(Federation.config(prepared, training, privacy, seed, roundTimeout, sampling.fraction), agents)), training.strategy != null);
        var stateDirectory = state.directory();
        var resume = StateOptions.unfinished(stateDirectory);
        var ledgers = agentOptions.ledgers(config.privacy());
        Federation federation;
        try {
            federation = new Federation(prepared, config, 0, java.util.Map.of(), ledgers);
        } catch (RuntimeException e) {
            ledgers.close();
            throw e;
        }
        var federationPort = new CoordinatorFederationPort(federation.coordinator(), prepared.schema().classes(),
                prepared.schema().encodedNames(), training.rounds);
        Dashboard dashboard;
        try {
            // Subscribed before the agents start, so the page's log shows them joining.
            DashboardConfig served = ServiceConfig.dashboard(env, DEFAULT_HOST);
            if (host != null) served = served.withHost(host);
            if (port != null) served = served.withPort(port);
            dashboard = Dashboard.start(served, federationPort);
        } catch (RuntimeException e) {
            federation.close(); // never started: the loops have nothing to wait for
            ledgers.close();
            throw e;
        }
        var tracker = Tracking.attach(federation.coordinator(), prepared.schema(), Tracking.simulated(prepared, options),
                env.asMap(), problem -> federationPort.log("warn", "tracking: " + problem),
                notice -> federationPort.log("info", notice));
        if (stateDirectory != null) federation.coordinator().useStateDirectory(stateDirectory);
        federation.start();
        // An unfinished run in --state-dir goes on by itself, as the coordinator service's does.
        if (resume != null) StateOptions.resume(federation.coordinator(), resume);
        return new Demo(federation, dashboard, tracker, ledgers);
    }

    /**
     * The demo dataset of the checkout this command runs from: looked for above the working
     * directory, then above the jar (bin/pmad runs cli/target/pmad-cli.jar from anywhere).
     */
    static Path findDemoData(Env env) {
        var starts = new ArrayList<Path>();
        starts.add(Path.of("").toAbsolutePath());
        String root = env.string("PMAD_REPO_ROOT", null);
        if (root != null) starts.add(Path.of(root));
        try {
            starts.add(Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // no code source (unusual class loader): the working directory must do
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(DEMO_DATA);
                if (Files.isRegularFile(candidate)) return candidate;
            }
        }
        throw new IllegalArgumentException("cannot find the demo dataset " + DEMO_DATA + " above " + starts.get(0)
                + " or the pmad jar; run from the PMAD checkout or pass --data FILE.csv");
    }
}
