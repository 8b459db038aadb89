package io.clipstream.indexer.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.events.ErrorClass;
import io.clipstream.events.ImageUploaded;
import io.clipstream.indexer.Rejection;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class UploadParserTest {

    private final UploadParser parser = new UploadParser();

    @Test
    void validEventsParse() throws Rejection {
        ImageUploaded event = parser.event(bytes("""
                {"url":"https://example.org/a.jpg","metadata":{"album":"x","n":1},"eventTime":"2026-01-02T03:04:05Z"}
                """));

        assertThat(event.url()).isEqualTo("https://example.org/a.jpg");
        assertThat(event.metadata()).containsEntry("album", "x");
        assertThat(event.eventTime()).hasToString("2026-01-02T03:04:05Z");
        assertThat(parser.imageId(bytes("photos/2026/a.jpg"))).isEqualTo("photos/2026/a.jpg");
    }

    @Test
    void keysAreRequiredValidUtf8AndBounded() {
        rejected(() -> parser.imageId(null), ErrorClass.MISSING_KEY, "no key");
        rejected(() -> parser.imageId(new byte[] {(byte) 0xC3, (byte) 0x28}), ErrorClass.INVALID_FIELD, "UTF-8");
        rejected(() -> parser.imageId(new byte[0]), ErrorClass.INVALID_FIELD, "key");
        rejected(() -> parser.imageId(bytes("x".repeat(600))), ErrorClass.INVALID_FIELD, "key");
    }

    @Test
    void badValuesNameTheProblem() {
        rejected(() -> parser.event(bytes("{not json")), ErrorClass.MALFORMED_JSON, "line 1");
        rejected(() -> parser.event(bytes("")), ErrorClass.MALFORMED_JSON, "empty");
        rejected(() -> parser.event(bytes("[1,2]")), ErrorClass.INVALID_FIELD, "$");
        rejected(() -> parser.event(bytes("{\"metadata\":{}}")), ErrorClass.INVALID_FIELD, "give 'url' or 'data'");
        rejected(() -> parser.event(bytes("{\"url\":\"https://e.org/a\",\"data\":\"AAAA\"}")), ErrorClass.INVALID_FIELD,
                "not both");
        rejected(() -> parser.event(bytes("{\"url\":\"gopher://e.org/a\"}")), ErrorClass.INVALID_FIELD, "$.url");
        rejected(() -> parser.event(bytes("{\"url\":\"https://e.org/a\",\"eventTime\":\"soon\"}")),
                ErrorClass.INVALID_FIELD, "$.eventTime");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void rejected(ThrowableAssert.ThrowingCallable call, ErrorClass errorClass, String message) {
        assertThatThrownBy(call).isInstanceOf(Rejection.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((Rejection) e).errorClass()).isEqualTo(errorClass));
    }
}
