package io.clipstream.store.lucene;

import io.clipstream.store.VectorStore;
import io.clipstream.store.VectorStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded Lucene store, in a temporary directory. */
class LuceneVectorStoreTest extends VectorStoreContract {

    @TempDir
    static Path directory;

    private static LuceneVectorStore store;

    @BeforeAll
    static void open() {
        store = LuceneVectorStore.open(directory);
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected VectorStore store() {
        return store;
    }

    @Override
    protected boolean ranksText() {
        return true;
    }
}
