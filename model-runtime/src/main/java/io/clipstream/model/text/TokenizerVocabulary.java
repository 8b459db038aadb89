package io.clipstream.model.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/** Token-to-id lookups read from a tokenizer.json, for the special tokens the configs name by text. */
public final class TokenizerVocabulary {

    private final Map<String, Integer> ids;

    private TokenizerVocabulary(Map<String, Integer> ids) {
        this.ids = ids;
    }

    public static TokenizerVocabulary read(Path tokenizerJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(tokenizerJson.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
        Map<String, Integer> ids = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            vocab.fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().asInt()));
        } else if (vocab.isArray()) {
            // Unigram (SentencePiece) vocabularies are [token, score] pairs whose index is the id.
            for (int i = 0; i < vocab.size(); i++) {
                ids.put(vocab.get(i).path(0).asText(), i);
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            ids.put(added.path("content").asText(), added.path("id").asInt());
        }
        if (ids.isEmpty()) {
            throw new ModelLoadException("tokenizer " + tokenizerJson + " has no model.vocab and no added_tokens");
        }
        return new TokenizerVocabulary(ids);
    }

    public OptionalInt idOf(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public int size() {
        return ids.size();
    }
}
