package io.clipstream.indexer.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.store.VectorStoreException;
import io.clipstream.store.VectorStoreException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RefusalIsolationTest {

    private final List<List<Integer>> calls = new ArrayList<>();
    private final List<Integer> stored = new ArrayList<>();

    /** Writes a list unless it holds a refused item, like a store that checks every row before writing any. */
    private RefusalIsolation.Writer<Integer> refusing(Set<Integer> refused) {
        return items -> {
            calls.add(List.copyOf(items));
            for (int item : items) {
                if (refused.contains(item)) {
                    throw new VectorStoreException(Kind.REFUSED, "item " + item + " is too large", null);
                }
            }
            stored.addAll(items);
        };
    }

    @Test
    void oneRefusedRecordIsIsolatedAndEveryOtherOneWritten() throws Exception {
        List<Integer> items = IntStream.range(0, 512).boxed().toList();
        List<VectorStoreException> checked = new ArrayList<>();

        RefusalIsolation.Result<Integer> result = RefusalIsolation.write(items, refusing(Set.of(300)), checked::add);

        assertThat(result.refused()).singleElement().satisfies(r -> {
            assertThat(r.item()).isEqualTo(300);
            assertThat(r.refusal().getMessage()).isEqualTo("item 300 is too large");
        });
        assertThat(result.written()).hasSize(511).doesNotContain(300).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(calls.size()).as("about 2 log2(n) calls").isLessThanOrEqualTo(2 * 9 + 1);
        assertThat(checked).as("the first refusal is looked at once, before splitting").hasSize(1);
    }

    @Test
    void severalAndAllRefusedRecordsAreEachIsolated() throws Exception {
        RefusalIsolation.Result<Integer> some = RefusalIsolation.write(List.of(1, 2, 3, 4, 5, 6, 7),
                refusing(Set.of(2, 7)), null);
        assertThat(some.refused()).extracting(RefusalIsolation.Refused::item).containsExactly(2, 7);
        assertThat(some.written()).containsExactly(1, 3, 4, 5, 6);

        RefusalIsolation.Result<Integer> all = RefusalIsolation.write(List.of(1, 2, 3), refusing(Set.of(1, 2, 3)),
                null);
        assertThat(all.refused()).extracting(RefusalIsolation.Refused::item).containsExactly(1, 2, 3);
        assertThat(all.written()).isEmpty();
    }

    @Test
    void aFirstRefusalCheckMayFailTheWholeWriteAndOutagesAreNotIsolated() {
        assertThatThrownBy(() -> RefusalIsolation.write(List.of(1, 2), refusing(Set.of(1)), refusal -> {
            throw new IllegalStateException("collection disappeared");
        })).hasMessage("collection disappeared");
        assertThat(calls).as("nothing split").hasSize(1);

        assertThatThrownBy(() -> RefusalIsolation.write(List.of(1, 2), items -> {
            throw new VectorStoreException(Kind.TIMEOUT, "deadline exceeded", null);
        }, null)).isInstanceOfSatisfying(VectorStoreException.class, e -> assertThat(e.retryable()).isTrue());
    }
}
