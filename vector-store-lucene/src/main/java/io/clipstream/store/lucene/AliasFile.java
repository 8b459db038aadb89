package io.clipstream.store.lucene;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.util.IOUtils;

/**
 * The aliases of a store, alias to collection, in one small JSON file. A change is written to a temporary file,
 * forced to disk and moved over the old file atomically, so a crash leaves either the old or the new map.
 */
final class AliasFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() { };

    private final Path file;

    AliasFile(Path file) {
        this.file = file;
    }

    Map<String, String> read() throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        return JSON.readValue(file.toFile(), MAP);
    }

    void write(Map<String, String> aliases) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new TreeMap<>(aliases));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, bytes);
        IOUtils.fsync(temp, false);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // The rename is durable only once the directory entry is.
        IOUtils.fsync(file.getParent(), true);
    }
}
