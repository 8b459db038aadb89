package io.clipstream.model.image;

/**
 * A cheap whole-file check that a JPEG's framing is complete: every marker segment fits in the file, every scan's
 * entropy-coded data ends at a marker, and an EOI follows at least one scan. It decodes nothing.
 *
 * <p>Why: OpenCV's in-memory libjpeg source does not report libjpeg's warnings, so a truncated file would come back
 * from the fast path as an image (or, depending on where it is cut, as nothing) instead of being refused the way
 * the ImageIO path refuses it ("Premature end of JPEG file", which Pillow calls "image file is truncated").
 * Files that fail this check are therefore left to the ImageIO path, which refuses them with today's reason and
 * message.
 *
 * <p>Inside entropy-coded data {@code FF 00} is a stuffed data byte, {@code FF D0..D7} a restart marker and
 * {@code FF FF} fill; any other {@code FF xx} ends the segment. Between segments, stray bytes are skipped up to
 * the next {@code FF} (libjpeg's "extraneous bytes before marker" warning, which Pillow and we accept).
 */
final class JpegStructure {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int TEM = 0x01;

    private JpegStructure() {
    }

    /** True when the file starts with SOI, has at least one complete scan and reaches an EOI marker. */
    static boolean isComplete(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != SOI) {
            return false;
        }
        boolean sawScan = false;
        int pos = 2;
        while (true) {
            pos = nextMarker(b, pos);
            if (pos < 0) {
                return false; // ran out of bytes before EOI
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == EOI) {
                return sawScan;
            }
            if (marker == SOI || marker == TEM || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // stand-alone markers carry no length; libjpeg decides whether they are acceptable here
                continue;
            }
            if (pos + 4 > b.length) {
                return false;
            }
            int length = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            if (length < 2 || (long) pos + 2 + length > b.length) {
                return false; // segment runs past the end of the file
            }
            pos += 2 + length;
            if (marker == SOS) {
                pos = endOfEntropyData(b, pos);
                if (pos < 0) {
                    return false;
                }
                sawScan = true;
            }
        }
    }

    /**
     * Position of the next {@code FF xx} marker at or after {@code pos} with fill bytes skipped (pointing at the
     * last {@code FF}), or -1 when the file ends first.
     */
    private static int nextMarker(byte[] b, int pos) {
        int i = pos;
        while (i + 1 < b.length) {
            if ((b[i] & 0xFF) == 0xFF) {
                int next = b[i + 1] & 0xFF;
                if (next == 0xFF) {
                    i++; // fill byte
                    continue;
                }
                if (next != 0x00) {
                    return i;
                }
            }
            i++; // stray byte between segments
        }
        return -1;
    }

    /** Position of the marker that ends the entropy-coded data starting at {@code pos}, or -1 if the file ends. */
    private static int endOfEntropyData(byte[] b, int pos) {
        int last = b.length - 1;
        int i = pos;
        while (i < last) {
            if (b[i] != (byte) 0xFF) {
                i++;
                continue;
            }
            int next = b[i + 1] & 0xFF;
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                i += 2; // stuffed zero or restart marker: still inside the scan
            } else if (next == 0xFF) {
                i++; // fill byte before a marker
            } else {
                return i;
            }
        }
        return -1;
    }
}
