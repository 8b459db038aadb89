package io.clipstream.cli.publish;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Image ids: deterministic, so that publishing the same folder again replaces instead of duplicating. */
public final class ImageIds {

    private ImageIds() {
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * @param contentSha256 hex SHA-256 of the bytes
     * @param relativePath '/'-separated path below the folder given
     */
    public static String of(IdSource source, String prefix, String contentSha256, String relativePath) {
        return switch (source) {
            case CONTENT -> prefix + contentSha256;
            case PATH -> prefix + relativePath;
        };
    }
}
