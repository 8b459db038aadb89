package io.clipstream.cli.publish;

import io.clipstream.model.image.ImageFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides from the bytes whether a file is an image the indexer decodes, with the indexer's own signatures
 * ({@link ImageFormat}); file names are not trusted. For the others the platform's guess names the type.
 */
public final class ContentTypes {

    private static final java.util.Set<String> SUPPORTED = java.util.Arrays.stream(ImageFormat.values())
            .map(ImageFormat::mimeType).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private ContentTypes() {
    }

    /** The result: a supported image's media type, or why not. */
    public sealed interface Detection {
    }

    public record Image(String mediaType) implements Detection {
    }

    public record NotPublishable(SkipReason reason, String detail) implements Detection {
    }

    public static Detection detect(Path file, byte[] bytes) {
        Optional<ImageFormat> format = ImageFormat.sniff(bytes);
        if (format.isPresent()) {
            return new Image(format.get().mimeType());
        }
        String guess = probe(file);
        if (guess != null && SUPPORTED.contains(guess)) {
            // Named like an image the indexer reads, but its bytes are not one: corrupt, or misnamed.
            return new NotPublishable(SkipReason.NOT_AN_IMAGE, "named like " + guess
                    + " but no image signature in its first bytes (corrupt or not an image)");
        }
        if (guess != null && guess.startsWith("image/")) {
            return new NotPublishable(SkipReason.UNSUPPORTED_IMAGE, guess
                    + " (the indexer decodes JPEG, PNG, GIF, WebP and BMP)");
        }
        return new NotPublishable(SkipReason.NOT_AN_IMAGE, guess == null
                ? "no image signature in its first bytes"
                : guess + ", no image signature in its first bytes");
    }

    private static String probe(Path file) {
        try {
            return Files.probeContentType(file);
        } catch (IOException e) {
            // Only a hint for the message: the bytes already decided.
            return null;
        }
    }
}
