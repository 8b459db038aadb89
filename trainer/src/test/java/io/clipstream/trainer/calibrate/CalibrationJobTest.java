package io.clipstream.trainer.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Synthetic searches where a query's scores are shifted by a per-query offset (as some texts score everything
 * higher): a fixed threshold cannot tell a weak match of a high-scoring query from a good one of a low-scoring
 * query, the search's own context can. Clicks follow the position-based model the fitter assumes.
 */
class CalibrationJobTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void publishesWhereTheContextBeatsAFixedThreshold() {
        CalibrationReport report = new CalibrationJob(CalibrationSettings.defaults())
                .run(searches(2000, new Random(1), false));
        assertThat(report.publish()).as(String.join("; ", report.reasons())).isTrue();
        assertThat(report.kept().precision() - report.fixed().precision()).isGreaterThanOrEqualTo(0.02);
        assertThat(report.calibration().scoreSlope()).isPositive();
        assertThat(report.calibrationError()).isLessThan(0.1);
    }

    @Test
    void refusesWhatAFixedThresholdDoesAsWell() {
        // Every query scores on the same scale: the search's context adds nothing a fixed threshold lacks.
        CalibrationReport report = new CalibrationJob(CalibrationSettings.defaults())
                .run(searches(2000, new Random(5), false, 0));
        assertThat(report.publish()).as(String.join("; ", report.reasons())).isFalse();
        assertThat(report.reasons()).filteredOn(r -> r.startsWith("FAIL: ")).singleElement().asString()
                .contains("held-out precision of kept results");
    }

    @Test
    void refusesRandomClicks() {
        CalibrationReport report = new CalibrationJob(CalibrationSettings.defaults())
                .run(searches(2000, new Random(2), true));
        assertThat(report.publish()).as(String.join("; ", report.reasons())).isFalse();
    }

    @Test
    void refusesTooLittleEvidence() {
        CalibrationReport report = new CalibrationJob(CalibrationSettings.defaults())
                .run(searches(100, new Random(3), false));
        assertThat(report.publish()).isFalse();
        assertThat(report.reasons()).anyMatch(r -> r.startsWith("FAIL: held-out searches 30 < 50"));
    }

    @Test
    void refusesWithoutClicks() {
        List<ScoredSearch> none = searches(200, new Random(4), false).stream()
                .map(s -> new ScoredSearch(s.time(), s.shownRanks(), s.scores(), new boolean[s.size()])).toList();
        CalibrationReport report = new CalibrationJob(CalibrationSettings.defaults()).run(none);
        assertThat(report.publish()).isFalse();
        assertThat(report.calibration()).isNull();
    }

    static List<ScoredSearch> searches(int n, Random random, boolean randomClicks) {
        return searches(n, random, randomClicks, 0.4);
    }

    /** Searches whose scores are shifted by a per-query offset drawn from [0, {@code spread}). */
    static List<ScoredSearch> searches(int n, Random random, boolean randomClicks, double spread) {
        List<ScoredSearch> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            double offset = random.nextDouble() * spread;
            int relevantCount = random.nextBoolean() ? 0 : 1 + random.nextInt(4);
            double[] scores = new double[20];
            boolean[] relevant = new boolean[20];
            for (int i = 0; i < 20; i++) {
                relevant[i] = i < relevantCount;
                scores[i] = offset + random.nextGaussian() * 0.03 + (relevant[i] ? 0.3 : 0);
            }
            Integer[] order = new Integer[20];
            for (int i = 0; i < 20; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
            int[] ranks = new int[20];
            double[] sorted = new double[20];
            boolean[] clicked = new boolean[20];
            for (int r = 0; r < 20; r++) {
                ranks[r] = r;
                sorted[r] = scores[order[r]];
                double click = randomClicks ? 0.25 : relevant[order[r]] ? 0.9 : 0.01;
                clicked[r] = random.nextDouble() < 1.0 / (r + 1) && random.nextDouble() < click;
            }
            out.add(new ScoredSearch(START.plusSeconds(s), ranks, sorted, clicked));
        }
        return out;
    }
}
