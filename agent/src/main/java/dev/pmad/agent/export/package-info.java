/**
 * The final global model as files a user takes home, written to a run's {@code model/}
 * directory ({@link dev.pmad.agent.export.ModelFiles} lists them):
 *
 * <ul>
 *   <li>{@code model.onnx}: the whole model on the schema's <b>raw</b> columns, one input per
 *       column; missing values, clamping to declared ranges, the run's global standardisation and
 *       one-hot encoding happen inside the graph ({@link dev.pmad.agent.export.OnnxExport});
 *   <li>{@code MLmodel}, {@code input_example.json}, {@code requirements.txt}: the MLflow model
 *       around {@code model.onnx} ({@link dev.pmad.agent.export.MlflowModel});
 *   <li>{@code model.tribuo}: Tribuo's {@code LinearSGDModel} of the same weights, on encoded
 *       features, which {@link dev.pmad.agent.export.RawTribuoModel} feeds raw rows;
 *   <li>{@code weights.json}: weights, schema and standardisation as JSON, read back by
 *       {@link dev.pmad.agent.export.ExportedModel}, which scores rows exactly as the federation's
 *       evaluation did ({@code pmad predict});
 *   <li>{@code MODEL_CARD.md}: where the model comes from, what it takes and returns.
 * </ul>
 *
 * <p>Tribuo has no public constructor for a linear model with given weights, so
 * {@link dev.pmad.agent.export.TribuoLinearModel} runs Tribuo's own trainer for zero epochs from
 * those weights: the model Tribuo builds is then exactly the federation's model, provenance and
 * all. The ONNX graph computes in 32-bit floats, so its probabilities agree with Tribuo's to
 * about 1e-7, not bit for bit.
 */
package dev.pmad.agent.export;
