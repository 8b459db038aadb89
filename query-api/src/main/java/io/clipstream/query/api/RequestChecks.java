package io.clipstream.query.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.clipstream.events.EventSchemas;
import io.clipstream.query.api.problem.ApiProblem;
import io.clipstream.query.config.QueryConfig;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Validation shared by the endpoints: every refusal is a 4xx naming the field, never a 5xx. */
@ApplicationScoped
public class RequestChecks {

    private static final Pattern SEARCH_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    @Inject
    QueryConfig config;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    public String text(String field, String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) {
            throw ApiProblem.invalid(field, "'" + field + "' must be a non-empty text prompt");
        }
        int max = config.search().maxTextChars();
        if (text.codePointCount(0, text.length()) > max) {
            throw ApiProblem.invalid(field, "'" + field + "' is longer than " + max + " characters");
        }
        return text;
    }

    public int k(String field, Integer value) {
        int max = config.search().maxK();
        int k = value == null ? config.search().defaultK() : value;
        if (k < 1 || k > max) {
            throw ApiProblem.invalid(field, "'" + field + "' must be within 1.." + max + ", got " + k);
        }
        return k;
    }

    public int offset(String field, Integer value, int k) {
        int offset = value == null ? 0 : value;
        int depth = config.search().maxDepth();
        if (offset < 0) {
            throw ApiProblem.invalid(field, "'" + field + "' must be 0 or more, got " + offset);
        }
        if (offset + k > depth) {
            throw ApiProblem.invalid(field, "results go " + depth + " deep: offset + k must be at most " + depth
                    + ", got " + (offset + k));
        }
        return offset;
    }

    /** A query parameter that must be an integer, or absent. */
    public Integer intParam(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(field, "'" + field + "' must be an integer, got '" + raw + "'");
        }
    }

    public String searchId(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!SEARCH_ID.matcher(raw).matches()) {
            throw ApiProblem.invalid("searchId", "'searchId' must be 8 to 64 letters, digits, '-' or '_'");
        }
        return raw;
    }

    public String imageId(String raw) {
        if (!validImageId(raw)) {
            throw ApiProblem.invalid("imageId", "'imageId' must be 1 to 512 characters without control characters");
        }
        return raw;
    }

    public boolean validImageId(String raw) {
        return raw != null && EventSchemas.get().validateImageId(raw).isEmpty();
    }

    /**
     * The bytes of an image sent as base64 in JSON; a refusal is made by {@code problem} from what is wrong
     * ("must hold the image bytes in base64", "is not valid base64: ...", "is empty").
     */
    public byte[] base64Image(String raw, Function<String, ApiProblem> problem) {
        if (raw == null || raw.isBlank()) {
            throw problem.apply("must hold the image bytes in base64");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(raw);
        } catch (IllegalArgumentException e) {
            throw problem.apply("is not valid base64: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw problem.apply("is empty");
        }
        return bytes;
    }

    /** Names an upload in sessions and impressions without keeping its bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The GET form of a filter: the same JSON object as in POST bodies, URL-encoded. */
    public Map<String, Object> filterParam(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return json.readValue(raw, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw ApiProblem.invalid("filter", "'filter' must be a JSON object such as {\"year\":{\"gte\":2020}}: "
                    + e.getOriginalMessage());
        }
    }

    /** Makes unknown JSON fields a 400 rather than silently ignored. */
    @ApplicationScoped
    public static class StrictJson implements ObjectMapperCustomizer {
        @Override
        public void customize(com.fasterxml.jackson.databind.ObjectMapper mapper) {
            mapper.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        }
    }
}
