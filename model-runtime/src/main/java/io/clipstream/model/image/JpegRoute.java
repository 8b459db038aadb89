package io.clipstream.model.image;

/**
 * Which decoder takes a JPEG, decided from the header walk and the structural scan before any pixel is decoded.
 * {@link #FAST_PATH} goes to libjpeg-turbo; every other constant names why the file goes to ImageIO instead.
 */
enum JpegRoute {
    /** Huffman-coded baseline, extended or progressive DCT, 8-bit, 1 or 3 components, complete framing. */
    FAST_PATH,
    /** The natives could not be loaded on this machine (see {@link LibjpegTurboNatives}). */
    NATIVES_UNAVAILABLE,
    /** No frame header before the first scan: nothing to route on. */
    NO_FRAME_HEADER,
    /**
     * Lossless (SOF3, SOF7, SOF11, SOF15), hierarchical (SOF5..7) or arithmetic-coded (SOF9..11) frames. Arithmetic
     * coding stays on ImageIO because its bit-exactness against Pillow has not been verified with a real file.
     */
    NOT_HUFFMAN_DCT,
    /** 12-bit (or any other non-8-bit) samples. */
    NOT_8_BIT,
    /** CMYK and YCCK: Pillow's exact conversion lives in {@link JpegColorConversion}. */
    FOUR_COMPONENTS,
    /** Zero width or height (a DNL-defined height), which ImageIO reports. */
    INVALID_SIZE,
    /** Truncated or broken framing (see {@link JpegStructure}): ImageIO refuses it with today's message. */
    INCOMPLETE;

    static JpegRoute choose(JpegHeader header, byte[] bytes, boolean nativesAvailable) {
        if (!nativesAvailable) {
            return NATIVES_UNAVAILABLE;
        }
        int sof = header.sofMarker();
        if (sof == JpegHeader.NO_FRAME) {
            return NO_FRAME_HEADER;
        }
        if (sof != 0xC0 && sof != 0xC1 && sof != 0xC2) {
            return NOT_HUFFMAN_DCT;
        }
        if (header.precision() != 8) {
            return NOT_8_BIT;
        }
        if (header.components() != 1 && header.components() != 3) {
            return FOUR_COMPONENTS; // 2 components were refused by the caller already
        }
        if (header.width() <= 0 || header.height() <= 0) {
            return INVALID_SIZE;
        }
        return JpegStructure.isComplete(bytes) ? FAST_PATH : INCOMPLETE;
    }
}
