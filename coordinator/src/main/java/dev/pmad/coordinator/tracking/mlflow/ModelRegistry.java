package dev.pmad.coordinator.tracking.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Registers a run's model as a new version of a registered model, through the Model Registry's
 * REST API: {@code GET registered-models/get}, {@code POST registered-models/create} when the name
 * is new, then {@code POST model-versions/create} with the model directory's artifact URI as
 * {@code source} (what MLflow's Python client sends for a {@code runs:/} URI) and the run id.
 */
final class ModelRegistry {
    private final MlflowRest rest;
    private final Attempts attempts;

    ModelRegistry(MlflowRest rest, Attempts attempts) {
        this.rest = rest;
        this.attempts = attempts;
    }

    /** @return the new version's number, as MLflow numbers them ("1", "2", ...) */
    String register(String name, String source, String mlflowRunId, String pmadRunId) throws CallFailed, InterruptedException {
        ensureRegisteredModel(name);
        ObjectNode body = MlflowRest.object().put("name", name).put("source", source).put("run_id", mlflowRunId)
                .put("description", "PMAD federated run " + pmadRunId);
        body.putArray("tags").addObject().put("key", "pmad.run_id").put("value", pmadRunId);
        JsonNode answer = attempts.run("create a version of registered model '" + name + "'",
                () -> rest.post("model-versions/create", body));
        return answer.path("model_version").path("version").asText("?");
    }

    private void ensureRegisteredModel(String name) throws CallFailed, InterruptedException {
        try {
            attempts.run("look up registered model '" + name + "'", () -> rest.get("registered-models/get", "name", name));
            return;
        } catch (CallFailed e) {
            if (!"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) throw e;
        }
        try {
            attempts.run("create registered model '" + name + "'",
                    () -> rest.post("registered-models/create", MlflowRest.object().put("name", name)));
        } catch (CallFailed e) {
            // Another coordinator may have created it since we looked.
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) throw e;
        }
    }
}
