package io.clipstream.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.testing.MilvusStandalone;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.DataType;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the real Milvus 2.3.5 standalone server says when asked for full-text search, tried for real rather than
 * assumed from its version: it refuses a collection with the BM25 function. The adapter therefore does not ask
 * it (its version is below 2.5) and reports keyword search as unsupported; should a server of this version ever
 * accept it, this test fails and the version rule in {@link MilvusTextIndex} is to be revisited.
 */
class MilvusStandaloneTextSearchTest {

    @Test
    void theStandalone23ServerRefusesACollectionWithTheBm25Function() {
        MilvusClientV2 client = new MilvusClientV2(ConnectConfig.builder().uri(MilvusStandalone.shared().uri())
                .build());
        try {
            String name = "bm25_probe_" + ProcessHandle.current().pid();
            CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder().build();
            schema.addField(AddFieldReq.builder().fieldName("id").dataType(DataType.VarChar).maxLength(64)
                    .isPrimaryKey(true).autoID(false).build());
            schema.addField(AddFieldReq.builder().fieldName("vector").dataType(DataType.FloatVector).dimension(4)
                    .build());
            MilvusTextIndex.addTo(schema, List.of("caption"));

            assertThat(MilvusTextIndex.serverRanksText(client.getServerVersion())).as(client.getServerVersion())
                    .isFalse();
            assertThatThrownBy(() -> client.createCollection(CreateCollectionReq.builder().collectionName(name)
                    .collectionSchema(schema).build())).isInstanceOf(RuntimeException.class);
            assertThat(client.hasCollection(HasCollectionReq.builder().collectionName(name).build())).isFalse();
        } finally {
            client.close();
        }
    }
}
