package io.clipstream.query.search;

/** What a search looks for: a text prompt, an indexed image ("more like this") or an uploaded image. */
public sealed interface SearchQuery {

    record Text(String text) implements SearchQuery {
    }

    record SimilarTo(String imageId) implements SearchQuery {
    }

    /** The bytes are embedded once and not kept; the hash identifies the upload in the impression log. */
    record Upload(String sha256, byte[] bytes) implements SearchQuery {
    }
}
