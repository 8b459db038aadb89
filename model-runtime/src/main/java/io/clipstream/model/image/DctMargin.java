package io.clipstream.model.image;

/**
 * How much larger than the model input a reduced (DCT-scaled) JPEG decode must stay: the indexer's
 * {@code clipstream.decode.dct-margin} and the query API's {@code clipstream.image.dct-margin}.
 */
public final class DctMargin {

    private DctMargin() {
    }

    /** {@code exact} (or {@code off}) is 0; otherwise a number >= 1. */
    public static double parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("exact") || v.equalsIgnoreCase("off")) {
            return 0;
        }
        double margin;
        try {
            margin = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dct-margin must be a number >= 1 or 'exact', got '"
                    + value + "'", e);
        }
        if (!(margin >= 1) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("dct-margin must be >= 1 (a reduced decode smaller "
                    + "than the model input would lose detail), or 'exact'; got " + value);
        }
        return margin;
    }

    /**
     * The shorter side a reduced decode must keep for this model: margin x the largest side the resize targets
     * (CLIP's shortest edge or the crop), 0 when the margin is 0 (always full scale).
     */
    public static int minShortSide(double margin, PreprocessSpec spec) {
        if (margin == 0) {
            return 0;
        }
        int target = Math.max(Math.max(spec.cropWidth(), spec.cropHeight()), spec.shortestEdge());
        return (int) Math.ceil(margin * target);
    }
}
