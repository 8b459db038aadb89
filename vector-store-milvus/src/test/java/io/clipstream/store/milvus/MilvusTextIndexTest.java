package io.clipstream.store.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MilvusTextIndexTest {

    @Test
    void bm25ComesWithMilvus25AndMilvusLite() {
        assertThat(MilvusTextIndex.serverRanksText("milvus_lite-3.2.2")).isTrue();
        assertThat(MilvusTextIndex.serverRanksText("v2.5.4")).isTrue();
        assertThat(MilvusTextIndex.serverRanksText("2.6.0")).isTrue();
        assertThat(MilvusTextIndex.serverRanksText("v3.0.1")).isTrue();
        assertThat(MilvusTextIndex.serverRanksText("v2.3.5")).isFalse();
        assertThat(MilvusTextIndex.serverRanksText("v2.4.15")).isFalse();
        assertThat(MilvusTextIndex.serverRanksText("unknown")).isFalse();
        assertThat(MilvusTextIndex.serverRanksText(null)).isFalse();
    }

    @Test
    void longTextsAreCutAtACharacterBoundaryWithinTheFieldsBytes() {
        String text = "é".repeat(MilvusTextIndex.MAX_TEXT_BYTES);

        String fitted = MilvusTextIndex.fitted(text);

        assertThat(fitted.getBytes(StandardCharsets.UTF_8)).hasSize(MilvusTextIndex.MAX_TEXT_BYTES);
        assertThat(fitted).hasSize(MilvusTextIndex.MAX_TEXT_BYTES / 2);
        assertThat(MilvusTextIndex.fitted("short caption")).isEqualTo("short caption");
    }
}
