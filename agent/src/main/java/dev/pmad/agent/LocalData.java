package dev.pmad.agent;

import dev.pmad.agent.data.Schema;
import dev.pmad.agent.data.Table;
import java.util.Objects;

/** One agent's data: its training split and its local test split, under the shared schema. */
public record LocalData(Schema schema, Table train, Table test) {
    public LocalData {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.size() == 0) throw new IllegalArgumentException("an agent needs at least one training row");
    }
}
