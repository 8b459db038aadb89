package io.clipstream.cli.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The models {@code clipstream model fetch NAME} knows by name (resource {@code catalogue.json}). */
public final class ModelCatalogue {

    static final String RESOURCE = "catalogue.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final List<CatalogueEntry> entries;

    private ModelCatalogue(List<CatalogueEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ModelCatalogue bundled() {
        try (InputStream in = ModelCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " next to " + ModelCatalogue.class.getName());
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model catalogue", e);
        }
    }

    /** @throws IllegalArgumentException on duplicate names or incomplete entries */
    public static ModelCatalogue parse(InputStream json) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<CatalogueEntry> entries = JSON.convertValue(root.path("models"), new TypeReference<>() {
        });
        Set<String> names = new HashSet<>();
        for (CatalogueEntry e : entries) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("model " + e.name() + " is twice in the catalogue");
            }
        }
        return new ModelCatalogue(entries);
    }

    public List<CatalogueEntry> entries() {
        return entries;
    }

    public Optional<CatalogueEntry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
