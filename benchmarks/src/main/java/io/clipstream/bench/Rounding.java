package io.clipstream.bench;

/** Numbers as the result files show them. */
final class Rounding {

    private Rounding() {
    }

    /** Two decimals. */
    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Three significant digits, for ratios and rates of any size. */
    static double significant(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, 2 - Math.floor(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }
}
