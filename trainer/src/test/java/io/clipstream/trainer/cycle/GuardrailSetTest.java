package io.clipstream.trainer.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.trainer.eval.EvalQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardrailSetTest {

    @TempDir
    Path dir;

    @Test
    void readsGradedAndListedRelevanceWithQueriesNormalisedLikeClickPairs() throws Exception {
        Path file = dir.resolve("guardrail.jsonl");
        Files.writeString(file, """
                {"query": "  A Dog   on a Beach ", "relevant": {"img-1": 2.0, "img-2": 0.5}}

                {"query": "red car", "relevant": ["img-9"]}
                """);
        List<EvalQuery> queries = GuardrailSet.load(file);
        assertThat(queries).containsExactly(
                new EvalQuery("a dog on a beach", Map.of("img-1", 2.0, "img-2", 0.5)),
                new EvalQuery("red car", Map.of("img-9", 1.0)));
    }

    @Test
    void aBadLineIsReportedWithItsNumber() throws Exception {
        Path file = dir.resolve("guardrail.jsonl");
        Files.writeString(file, "{\"query\": \"ok\", \"relevant\": [\"a\"]}\n{\"query\": \"no ids\"}\n");
        assertThatThrownBy(() -> GuardrailSet.load(file)).hasMessageContaining("line 2");
    }
}
