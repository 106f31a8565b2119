package dev.pmad.agent.training;

import dev.pmad.agent.data.Schema;

/** Builds the agent's {@link LocalTrainer} once its data is encoded. */
public interface TrainerFactory {
    String kind();

    LocalTrainer create(Schema schema, double[][] x, int[] y);

    /**
     * The default: logistic regression by {@link SgdTrainer} in this JVM. Its kind stays
     * {@code tribuo}, the name agents have always sent in JOIN: Tribuo still writes the model
     * artifacts, and the maths is that of Tribuo's SGD.
     */
    static TrainerFactory tribuo() {
        return new TrainerFactory() {
            @Override
            public String kind() {
                return "tribuo";
            }

            @Override
            public LocalTrainer create(Schema schema, double[][] x, int[] y) {
                return new SgdTrainer(x, y);
            }
        };
    }
}
