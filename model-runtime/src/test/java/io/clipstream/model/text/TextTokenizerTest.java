package io.clipstream.model.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.model.Golden;
import io.clipstream.model.ModelDescriptor;
import io.clipstream.model.ModelDirectory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Token ids from the DJL binding equal those of Python's tokenizers for the same tokenizer.json. */
class TextTokenizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"clip-hf", "siglip-hf"})
    void idsMatchPythonTokenizersAndPaddingFollowsTheFamily(String model) {
        ModelDescriptor descriptor = ModelDirectory.open(Golden.model(model));
        JsonNode expected = Golden.json().path("tokens").path(model);
        List<String> texts = new ArrayList<>();
        expected.fieldNames().forEachRemaining(texts::add);

        try (TextTokenizer tokenizer = TextTokenizer.open(descriptor.tokenizer(), descriptor.text())) {
            TokenBatch batch = tokenizer.encode(texts);

            int longest = 0;
            for (int row = 0; row < texts.size(); row++) {
                JsonNode ids = expected.path(texts.get(row));
                long[] want = new long[ids.size()];
                for (int i = 0; i < want.length; i++) {
                    want[i] = ids.get(i).asLong();
                }
                assertThat(batch.row(row)).as(texts.get(row)).containsExactly(want);
                longest = Math.max(longest, want.length);
                for (int col = want.length; col < batch.length(); col++) {
                    assertThat(batch.ids()[row * batch.length() + col]).isEqualTo(descriptor.text().padTokenId());
                    assertThat(batch.attentionMask()[row * batch.length() + col]).isZero();
                }
            }
            assertThat(longest).as("the long caption is truncated to the context")
                    .isEqualTo(descriptor.text().contextLength());
            assertThat(batch.length()).isEqualTo(descriptor.text().contextLength());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"clip-hf"})
    void clipPadsOnlyToTheLongestTextOfTheBatch(String model) {
        ModelDescriptor descriptor = ModelDirectory.open(Golden.model(model));
        try (TextTokenizer tokenizer = TextTokenizer.open(descriptor.tokenizer(), descriptor.text())) {
            TokenBatch batch = tokenizer.encode(List.of("a cat", "a photo of a red circle"));

            assertThat(batch.length()).isEqualTo(batch.lengths()[1]).isLessThan(descriptor.text().contextLength());
            assertThat(batch.lengths()[0]).isLessThan(batch.lengths()[1]);
        }
    }
}
