package io.clipstream.trainer.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 9457 problem details for the trainer's few error answers. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static WebApplicationException of(int status, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        Response.Status known = Response.Status.fromStatusCode(status);
        body.put("title", known != null ? known.getReasonPhrase() : status == 422 ? "Unprocessable Content" : "Error");
        body.put("status", status);
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
        }
        return new WebApplicationException(detail, Response.status(status).type(MEDIA_TYPE).entity(body).build());
    }
}
