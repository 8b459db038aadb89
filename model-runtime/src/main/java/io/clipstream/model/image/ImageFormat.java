package io.clipstream.model.image;

import java.util.Optional;

/**
 * Image container formats the decoder accepts, recognised by their leading magic bytes only: a declared
 * content type or file name is never trusted, because uploads lie about both.
 */
public enum ImageFormat {
    JPEG("image/jpeg"),
    PNG("image/png"),
    GIF("image/gif"),
    WEBP("image/webp"),
    BMP("image/bmp");

    private final String mimeType;

    ImageFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    /** The IANA media type of the format. */
    public String mimeType() {
        return mimeType;
    }

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /**
     * Identifies the format from the first bytes of {@code bytes}.
     *
     * @return the format, or empty if the bytes do not start like any supported format
     */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        if (bytes.length >= 3 && u8(bytes, 0) == 0xFF && u8(bytes, 1) == 0xD8 && u8(bytes, 2) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (bytes.length >= 16 && startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (looksLikeBmp(bytes)) {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    /**
     * "BM" alone is too weak a signature (plenty of text starts with it), so the DIB header size must also be
     * one of the sizes the BMP variants define.
     */
    private static boolean looksLikeBmp(byte[] b) {
        if (b.length < 26 || b[0] != 'B' || b[1] != 'M') {
            return false;
        }
        long dibHeaderSize = u8(b, 14) | (u8(b, 15) << 8) | (u8(b, 16) << 16) | ((long) u8(b, 17) << 24);
        return dibHeaderSize == 12 || dibHeaderSize == 16 || dibHeaderSize == 40 || dibHeaderSize == 52
                || dibHeaderSize == 56 || dibHeaderSize == 64 || dibHeaderSize == 108 || dibHeaderSize == 124;
    }

    private static boolean startsWith(byte[] b, int offset, byte[] magic) {
        if (b.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithAscii(byte[] b, int offset, String ascii) {
        if (b.length < offset + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
