package io.clipstream.query.thumbnail;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail as this package answers it; {@code field} names the offending input, if any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String field) {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPES = "https://clipstream.io/problems/";

    static Problem notFound(String detail, String field) {
        return new Problem(TYPES + "not-found", "Not Found", 404, detail, field);
    }

    static Problem invalidField(String detail, String field) {
        return new Problem(TYPES + "invalid-field", "Bad Request", 400, detail, field);
    }

    static Problem notReady(String detail) {
        return new Problem(TYPES + "not-ready", "Service Unavailable", 503, detail, null);
    }
}
