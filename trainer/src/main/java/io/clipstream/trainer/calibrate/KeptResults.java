package io.clipstream.trainer.calibrate;

/**
 * How a cut-off did on logged searches, estimated from clicks: each result's relevance is estimated by inverse
 * propensity less the fitted click noise ({@code (clicked / e(rank) - noise) / (1 - noise)}), whose expectation is
 * P(relevant) under the click model of {@link CalibrationFitter}.
 *
 * @param kept       results the cut-off kept
 * @param shown      results it judged
 * @param precision  estimated share of the kept results that are relevant (NaN when none was kept)
 * @param recall     estimated share of the relevant results that were kept (NaN without clicks)
 */
public record KeptResults(int kept, int shown, double precision, double recall) {

    interface Keep {
        boolean keep(int row);
    }

    static KeptResults of(CalibrationFitter.Rows rows, double noise, Keep keep) {
        int kept = 0;
        double relevantKept = 0;
        double relevant = 0;
        for (int i = 0; i < rows.size(); i++) {
            double estimate = rows.relevance(i, noise);
            relevant += estimate;
            if (keep.keep(i)) {
                kept++;
                relevantKept += estimate;
            }
        }
        return new KeptResults(kept, rows.size(), kept == 0 ? Double.NaN : relevantKept / kept,
                relevant == 0 ? Double.NaN : relevantKept / relevant);
    }
}
