package dev.pmad.coordinator.tracking;

import dev.pmad.coordinator.run.RunSummary;
import java.util.Map;

/**
 * Turns a run's final weights into model files, stored under {@code model/} beside the run.
 *
 * <p>The coordinator knows the weights but not the schema's names nor Tribuo, so the command line
 * wires in the agent module's exporter (Tribuo model, ONNX, weights with the schema); that keeps
 * the coordinator free of Tribuo and the module dependencies one-way. Called on the tracker's
 * thread, never on the coordinator's loop, and only for runs that completed at least one round.
 */
@FunctionalInterface
public interface ModelArtifactWriter {
    /** File name (no directories) to contents. */
    Map<String, byte[]> write(RunSummary summary) throws Exception;
}
