package io.clipstream.bench;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import io.milvus.v2.service.utility.request.FlushReq;
import java.util.List;

/**
 * Brings a freshly written collection into the state a long-running Milvus keeps it in: rows sealed and
 * indexed. Milvus Lite 3.x holds written rows in an in-memory table (up to 128 MiB) that it searches by brute
 * force in Python, about half a second per query for 10k x 512-d on two cores; a flush writes them to a segment,
 * and a release + load builds the segment's HNSW index synchronously. The port has no flush, so the SDK does it.
 */
final class MilvusLiteIndex {

    private MilvusLiteIndex() {
    }

    static void sealAndIndex(String uri, String collection) {
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(uri).build());
        try {
            client.flush(FlushReq.builder().collectionNames(List.of(collection)).build());
            client.releaseCollection(ReleaseCollectionReq.builder().collectionName(collection).build());
            client.loadCollection(LoadCollectionReq.builder().collectionName(collection).build());
        } finally {
            client.close();
        }
    }
}
