package io.clipstream.model.calibration;

/**
 * What a search's own result list says about its scores: the best, the one at the calibration's reference depth,
 * their mean and spread. A score is judged against its query's context because raw similarities vary by query
 * (some texts score everything high, some bunch everything together).
 *
 * @param count how many scores the context was made of (fewer than the reference depth in a small collection)
 */
public record ScoreContext(double best, double kth, double mean, double std, int count) {

    /** The context of a result list's scores, best first; the first {@code depth} of them are used. */
    public static ScoreContext of(double[] scoresBestFirst, int depth) {
        int n = Math.min(depth, scoresBestFirst.length);
        if (n == 0) {
            return new ScoreContext(0, 0, 0, 0, 0);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += scoresBestFirst[i];
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = scoresBestFirst[i] - mean;
            squares += d * d;
        }
        return new ScoreContext(scoresBestFirst[0], scoresBestFirst[n - 1], mean, Math.sqrt(squares / n), n);
    }
}
