package io.clipstream.kafka.naming;

import io.clipstream.kafka.naming.Names;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void namesDerivedFromAModel() {
        assertThat(Names.encodeGroup("clip-b32")).isEqualTo("clipstream-encoder-clip-b32");
        assertThat(Names.projectorGroup("clip-b32", 3)).isEqualTo("clipstream-projector-clip-b32-v3");
        assertThat(Names.clickPairsApplicationId("clip-b32")).isEqualTo("clipstream-click-pairs-clip-b32");
        assertThat(Names.deadLetterTopic(Names.embeddingsTopic("images.embeddings.", "clip-b32")))
                .isEqualTo("images.embeddings.clip-b32.dlq");
    }

    @Test
    void collectionsKeepOnlyWhatMilvusAllowsInNames() {
        assertThat(Names.collection("Siglip2-Base/16.224", 2)).isEqualTo("images_siglip2_base_16_224_v2");
    }
}
