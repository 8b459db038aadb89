package io.clipstream.indexer.fetch;

import io.clipstream.events.ErrorClass;
import io.clipstream.indexer.Rejection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** file: urls are served only from below one configured directory; symbolic links cannot lead out of it. */
public final class FileUrlPolicy {

    private final Path root;

    public FileUrlPolicy(Optional<Path> root) {
        try {
            this.root = root.isPresent() ? root.get().toRealPath() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("clipstream.fetch.file-root " + root.get() + " is not readable", e);
        }
    }

    /** The real path a file url names, if it lies below the root. */
    public Path resolve(URI uri) throws Rejection {
        if (root == null) {
            throw new Rejection(ErrorClass.FORBIDDEN_URL,
                    "file urls are disabled; set clipstream.fetch.file-root to the directory they may read");
        }
        if (uri.getHost() != null && !uri.getHost().isEmpty() && !uri.getHost().equalsIgnoreCase("localhost")) {
            throw new Rejection(ErrorClass.FORBIDDEN_URL, "file url " + uri + " names a remote host");
        }
        Path path;
        try {
            path = Path.of(new URI("file", null, uri.getPath(), null)).normalize();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            throw new Rejection(ErrorClass.INVALID_FIELD, "url " + uri + " is not a valid file url", e);
        }
        if (!path.startsWith(root)) {
            throw new Rejection(ErrorClass.FORBIDDEN_URL, "file " + path + " is outside " + root);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new Rejection(ErrorClass.FETCH_FAILED, "file " + path + " does not exist", e);
        } catch (IOException e) {
            throw new Rejection(ErrorClass.FETCH_FAILED, "file " + path + " cannot be read: " + e.getMessage(), e);
        }
        if (!real.startsWith(root)) {
            throw new Rejection(ErrorClass.FORBIDDEN_URL, "file " + path + " links to " + real + ", outside " + root);
        }
        if (!Files.isRegularFile(real)) {
            throw new Rejection(ErrorClass.FETCH_FAILED, "file " + path + " is not a regular file");
        }
        return real;
    }
}
