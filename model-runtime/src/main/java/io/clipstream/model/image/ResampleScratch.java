package io.clipstream.model.image;

/**
 * Per-thread working memory of {@link BicubicResampler}: grown on demand, never shrunk, so steady-state resizes
 * allocate nothing but their result. Not thread-safe; reached only through {@link #get()}.
 */
final class ResampleScratch {

    private static final ThreadLocal<ResampleScratch> PER_THREAD = ThreadLocal.withInitial(ResampleScratch::new);

    private int[][] blockLines = new int[0][];
    private int[][] rows = new int[0][];
    private int[][] lines = new int[0][];
    private int[][] ring = new int[0][];
    private int[] ringTags = new int[0];
    private int[][] tapRows = new int[0][];
    private int[] acc0 = new int[0];
    private int[] acc1 = new int[0];
    private int[] acc2 = new int[0];

    private ResampleScratch() {
    }

    static ResampleScratch get() {
        return PER_THREAD.get();
    }

    /** Source block transposed for the horizontal pass: at least {@code count} lines of {@code length}. */
    int[][] blockLines(int count, int length) {
        blockLines = grow(blockLines, count, length);
        return blockLines;
    }

    /** Horizontal-pass output rows that the vertical pass reads. */
    int[][] rows(int count, int length) {
        rows = grow(rows, count, length);
        return rows;
    }

    /** Vertical-pass output, transposed, that the horizontal pass reads. */
    int[][] lines(int count, int length) {
        lines = grow(lines, count, length);
        return lines;
    }

    /** Ring of widened source rows for a vertical pass over bytes; tags reset to "empty". */
    int[][] ring(int count, int length) {
        ring = grow(ring, count, length);
        if (ringTags.length < ring.length) {
            ringTags = new int[ring.length];
        }
        java.util.Arrays.fill(ringTags, -1);
        return ring;
    }

    int[] ringTags() {
        return ringTags;
    }

    int[][] tapRows(int count) {
        if (tapRows.length < count) {
            tapRows = new int[count][];
        }
        return tapRows;
    }

    int[] acc0(int length) {
        if (acc0.length < length) {
            acc0 = new int[length];
        }
        return acc0;
    }

    int[] acc1(int length) {
        if (acc1.length < length) {
            acc1 = new int[length];
        }
        return acc1;
    }

    int[] acc2(int length) {
        if (acc2.length < length) {
            acc2 = new int[length];
        }
        return acc2;
    }

    /** Lines are grown individually so that a longer request does not reallocate the whole set. */
    private static int[][] grow(int[][] current, int count, int length) {
        int[][] out = current;
        if (out.length < count) {
            out = java.util.Arrays.copyOf(out, Math.max(count, out.length + out.length / 2));
        }
        for (int i = 0; i < count; i++) {
            if (out[i] == null || out[i].length < length) {
                out[i] = new int[length];
            }
        }
        return out;
    }
}
