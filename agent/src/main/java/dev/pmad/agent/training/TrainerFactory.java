package dev.pmad.agent.training;

import dev.pmad.agent.data.Schema;

/** Builds the agent's {@link LocalTrainer} once its data is encoded. */
public interface TrainerFactory {
    String kind();

    LocalTrainer create(Schema schema, double[][] x, int[] y);

    /** The default: Tribuo's logistic regression in this JVM. */
    static TrainerFactory tribuo() {
        return new TrainerFactory() {
            @Override
            public String kind() {
                return "tribuo";
            }

            @Override
            public LocalTrainer create(Schema schema, double[][] x, int[] y) {
                return new TribuoTrainer(schema, x, y);
            }
        };
    }
}
