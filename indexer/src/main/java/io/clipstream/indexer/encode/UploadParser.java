package io.clipstream.indexer.encode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clipstream.events.ErrorClass;
import io.clipstream.events.EventJson;
import io.clipstream.events.EventSchemas;
import io.clipstream.events.ImageUploaded;
import io.clipstream.indexer.Rejection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads images.uploaded records: the key as image id, the value against image-uploaded.schema.json. */
public final class UploadParser {

    private final EventSchemas schemas = EventSchemas.get();

    /** The image id a record key carries. */
    public String imageId(byte[] key) throws Rejection {
        if (key == null) {
            throw new Rejection(ErrorClass.MISSING_KEY, "record has no key; the key must be the image id");
        }
        String id;
        try {
            id = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            throw new Rejection(ErrorClass.INVALID_FIELD, "key (image id) is not valid UTF-8", e);
        }
        List<String> problems = schemas.validateImageId(id);
        if (!problems.isEmpty()) {
            throw new Rejection(ErrorClass.INVALID_FIELD, "key (image id) is invalid: "
                    + String.join("; ", problems).replace("$:", "key:"));
        }
        return id;
    }

    /** The upload event a non-null record value carries. */
    public ImageUploaded event(byte[] value) throws Rejection {
        JsonNode json;
        try {
            json = EventJson.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            throw new Rejection(ErrorClass.MALFORMED_JSON, "value is not JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new Rejection(ErrorClass.MALFORMED_JSON, "value is not JSON: " + e.getMessage(), e);
        }
        if (json == null || json.isMissingNode()) {
            throw new Rejection(ErrorClass.MALFORMED_JSON, "value is empty; send a JSON object or a null tombstone");
        }
        List<String> problems = schemas.validate(EventSchemas.IMAGE_UPLOADED, json);
        if (!problems.isEmpty()) {
            throw new Rejection(ErrorClass.INVALID_FIELD, describe(json, problems));
        }
        try {
            return EventJson.mapper().treeToValue(json, ImageUploaded.class);
        } catch (JsonProcessingException e) {
            throw new Rejection(ErrorClass.INVALID_FIELD, "value does not map to ImageUploaded: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Schema messages, with the url-or-data rule said plainly instead of as a oneOf failure. */
    private static String describe(JsonNode json, List<String> problems) {
        boolean hasUrl = json.has("url");
        boolean hasData = json.has("data");
        if (json.isObject() && hasUrl == hasData) {
            String rule = hasUrl ? "give either 'url' or 'data', not both" : "missing field: give 'url' or 'data'";
            List<String> rest = problems.stream().filter(p -> !p.contains("one and only one")
                    && !p.contains("required property")).toList();
            return rest.isEmpty() ? rule : rule + "; " + String.join("; ", rest);
        }
        return String.join("; ", problems.stream().filter(p -> !p.contains("one and only one")).toList());
    }
}
