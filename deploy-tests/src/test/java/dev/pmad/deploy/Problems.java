package dev.pmad.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Assertions on the problem lists the rule classes return. */
final class Problems {
    private Problems() {}

    static void assertNone(List<String> problems) {
        if (!problems.isEmpty()) fail(problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
    }

    /** Some problem contains every one of {@code fragments}. */
    static void assertReported(List<String> problems, String... fragments) {
        assertTrue(problems.stream().anyMatch(p -> List.of(fragments).stream().allMatch(p::contains)),
                () -> "expected a problem mentioning " + List.of(fragments) + ", got:\n  - " + String.join("\n  - ", problems));
    }
}
