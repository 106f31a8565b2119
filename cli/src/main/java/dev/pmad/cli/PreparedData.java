package dev.pmad.cli;

import dev.pmad.agent.LocalData;
import dev.pmad.agent.data.CsvLoader;
import dev.pmad.agent.data.DataException;
import dev.pmad.agent.data.Partition;
import dev.pmad.agent.data.Partitioner;
import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.SchemaInference;
import dev.pmad.agent.data.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of a simulated federation: the schema, and each agent's training and test split,
 * derived deterministically from the options' seed.
 */
record PreparedData(Schema schema, List<LocalData> agents, Partition partition) {

    static PreparedData load(DataOptions o) {
        if (o.agents < 1) throw new DataException("--agents must be at least 1, was " + o.agents);
        Partition partition = Partition.parse(o.partition);
        var files = new ArrayList<Path>();
        files.add(o.data);
        if (o.testData != null) files.add(o.testData);
        Schema schema = o.schema != null ? Schema.read(o.schema) : SchemaInference.infer(files, o.label, true);
        Table table = CsvLoader.load(o.data, schema);
        int classes = schema.classes().size();
        int[][] parts = Partitioner.split(table.labels(), classes, o.agents, partition, o.seed);
        var agents = new ArrayList<LocalData>();
        if (o.testData != null) {
            Table test = CsvLoader.load(o.testData, schema);
            if (test.size() < o.agents) {
                throw new DataException(o.testData + ": only " + test.size() + " rows for " + o.agents + " agents' test splits");
            }
            int[][] testParts = Partitioner.split(test.labels(), classes, o.agents, Partition.IID, o.seed + 1);
            for (int a = 0; a < o.agents; a++) {
                agents.add(new LocalData(schema, table.select(parts[a]), test.select(testParts[a])));
            }
        } else {
            for (int a = 0; a < o.agents; a++) {
                int[][] split = Partitioner.trainTest(parts[a], o.testFraction, o.seed, a);
                agents.add(new LocalData(schema, table.select(split[0]), table.select(split[1])));
            }
        }
        return new PreparedData(schema, agents, partition);
    }

    /** Agent addresses used by in-JVM federations: agent-1 ... agent-N. */
    static String agentId(int index) {
        return "agent-" + (index + 1);
    }
}
