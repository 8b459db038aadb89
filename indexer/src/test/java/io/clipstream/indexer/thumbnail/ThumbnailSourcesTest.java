package io.clipstream.indexer.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.events.ImageUploaded;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThumbnailSourcesTest {

    private static final ImageUploaded INLINE = ImageUploaded.inline("AAAA");
    private static final ImageUploaded FILE = ImageUploaded.byUrl("file:///srv/images/a.jpg");
    private static final ImageUploaded HTTP = ImageUploaded.byUrl("https://example.org/a.jpg");

    @Test
    void byDefaultInlineAndFileImagesGetOneAndHttpImagesDoNot() {
        ThumbnailSources sources = ThumbnailSources.parse(List.of("inline", "file"));

        assertThat(sources.enabled()).isTrue();
        assertThat(sources.wants(INLINE)).isTrue();
        assertThat(sources.wants(FILE)).isTrue();
        assertThat(sources.wants(HTTP)).isFalse();
        assertThat(sources.wants(ImageUploaded.byUrl("HTTP://example.org/b.png"))).isFalse();
    }

    @Test
    void allAndNone() {
        ThumbnailSources all = ThumbnailSources.parse(List.of("all"));
        assertThat(List.of(INLINE, FILE, HTTP)).allMatch(all::wants);

        ThumbnailSources none = ThumbnailSources.parse(List.of(" None "));
        assertThat(none.enabled()).isFalse();
        assertThat(List.of(INLINE, FILE, HTTP)).noneMatch(none::wants);
    }

    @Test
    void unknownValuesAreRefused() {
        assertThatThrownBy(() -> ThumbnailSources.parse(List.of("inline", "ftp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inline, file, http");
        assertThatThrownBy(() -> ThumbnailSources.parse(List.of("none", "inline")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
