package io.clipstream.indexer.fetch;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How images are downloaded; see {@code clipstream.fetch.*}. */
public record FetchSettings(int concurrency, int connectTimeoutMs, int readTimeoutMs, int totalTimeoutMs,
                            int maxRedirects, long maxBytes, List<String> allowedInternal, Optional<Path> fileRoot,
                            String userAgent) {

    public FetchSettings {
        if (concurrency < 1 || connectTimeoutMs < 1 || readTimeoutMs < 1 || totalTimeoutMs < 1 || maxRedirects < 0
                || maxBytes < 1) {
            throw new IllegalArgumentException("fetch concurrency, timeouts and max bytes must be positive");
        }
        allowedInternal = List.copyOf(allowedInternal);
    }
}
