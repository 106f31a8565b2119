/**
 * The final global model as files other tools can load: a Tribuo {@code LinearSGDModel}
 * (protobuf, {@code Model.deserializeFromFile}), its ONNX export, and the weights with the
 * schema and the global standardisation as JSON.
 *
 * <p>Every exported model expects <b>standardised, encoded</b> inputs, exactly as the agents
 * trained on: numeric features as {@code (x - mean) / std} with the run's global statistics
 * (shipped in the weights JSON), a missing numeric value as 0, categorical features one-hot in
 * the schema's category order. The ONNX graph takes those columns in the schema's encoded order
 * and returns class probabilities in the schema's class order; the Tribuo model is addressed by
 * feature and label name, so order does not matter there.
 *
 * <p>Tribuo has no public constructor for a linear model with given weights, so
 * {@link dev.pmad.agent.export.TribuoLinearModel} runs Tribuo's own trainer for zero epochs from
 * those weights: the model Tribuo builds is then exactly the federation's model, provenance and
 * all (Tribuo's ONNX export, in {@code AbstractLinearSGDModel#writeONNXGraph}, stores weights as
 * 32-bit floats, so ONNX probabilities agree to about 1e-7, not bit for bit).
 */
package dev.pmad.agent.export;
