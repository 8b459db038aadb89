package io.clipstream.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorRecord;
import io.clipstream.testing.MilvusServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store client outlives a server restart, on Milvus Lite and on the real server: data persists and reads and
 * writes work again afterwards (Milvus Lite comes back with the collection released, the real server reloads it).
 */
class MilvusRestartTest {

    @ParameterizedTest
    @EnumSource(MilvusServer.Kind.class)
    void theClientKeepsWorkingAcrossAServerRestart(MilvusServer.Kind kind) {
        try (MilvusServer milvus = kind.startNew();
             MilvusVectorStore store = new MilvusVectorStore(MilvusSettings.of(milvus.uri()))) {
            String c = "restart_" + ProcessHandle.current().pid();
            store.ensureCollection(new CollectionSpec(c, 4));
            store.upsert(c, List.of(new VectorRecord("a", new float[] {1, 0, 0, 0}, "", "", Map.of(), 1, 1)));

            milvus.stop();
            milvus.start();

            assertThat(store.count(c)).isEqualTo(1);
            assertThat(store.allIds(c)).containsExactly("a");
            store.upsert(c, List.of(new VectorRecord("b", new float[] {0, 1, 0, 0}, "", "", Map.of(), 1, 1)));
            assertThat(store.get(c, List.of("a", "b"))).hasSize(2);
            assertThat(store.search(c, new float[] {0, 1, 0, 0}, 1, 0).getFirst().id()).isEqualTo("b");
        }
    }
}
