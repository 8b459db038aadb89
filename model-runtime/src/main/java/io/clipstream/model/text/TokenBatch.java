package io.clipstream.model.text;

/**
 * Token ids of a batch of texts, row-major {@code [size, length]}, with the attention mask (1 for real tokens,
 * 0 for padding) and each text's unpadded length.
 */
public record TokenBatch(int size, int length, long[] ids, long[] attentionMask, int[] lengths) {

    public TokenBatch {
        if (ids.length != size * length || attentionMask.length != size * length || lengths.length != size) {
            throw new IllegalArgumentException("token batch arrays do not match " + size + " x " + length);
        }
    }

    /** The unpadded ids of text {@code row}. */
    public long[] row(int row) {
        long[] out = new long[lengths[row]];
        System.arraycopy(ids, row * length, out, 0, out.length);
        return out;
    }
}
