package io.clipstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GateTest {

    private static final Gate GATE = new Gate(GateSettings.defaults());
    private static final double[] NONE = {};

    @Test
    void publishesWhenEveryCheckPassesAndSaysWhy() {
        double[] before = {0.4, 0.5, 0.3, 0.45};
        double[] after = {0.6, 0.7, 0.65, 0.67};
        GateDecision decision = GATE.decide(new GateEvidence(500, 40, 0.6, 0.6, ndcg(0.412), ndcg(0.655), before,
                after, 0.03, ndcg(0.30), ndcg(0.29)));

        assertThat(decision.publish()).isTrue();
        assertThat(decision.reasons()).containsExactly(
                "pass: training pairs 500 ≥ 100",
                "pass: test queries 40 ≥ 20",
                "pass: residual scale 0.60 chosen on validation",
                "pass: test nDCG@10 0.412 → 0.655 (+0.243 ≥ +0.020)",
                "pass: test nDCG@10 0.655 is +0.625 from a random ordering's 0.030 (≥ +0.020)",
                // gains 0.2, 0.2, 0.35, 0.22: every resample mean is at least 0.2, and 6% of them are exactly 0.2
                "pass: test gain is above 0 with 99% confidence (paired bootstrap over 4 queries: lower bound +0.200)",
                "pass: guardrail nDCG@10 0.300 → 0.290 (-0.010, within the allowed drop of 0.020)");
    }

    @Test
    void refusesASmallGainAGuardrailDropTooFewPairsOrScaleZeroAndSaysWhy() {
        GateDecision decision = GATE.decide(new GateEvidence(99, 19, 0, 0, ndcg(0.412), ndcg(0.42), NONE, NONE,
                Double.NaN, ndcg(0.30), ndcg(0.25)));

        assertThat(decision.publish()).isFalse();
        assertThat(decision.reasons()).containsExactly(
                "FAIL: training pairs 99 < 100",
                "FAIL: test queries 19 < 20",
                "FAIL: residual scale 0 chosen on validation: no scale beat the base model there",
                "FAIL: test nDCG@10 0.412 → 0.420 (+0.008 < +0.020)",
                "FAIL: guardrail nDCG@10 0.300 → 0.250 (-0.050, beyond the allowed drop of 0.020)");
    }

    @Test
    void aGainCarriedByOneQueryIsNotSignificant() {
        // Mean gain +0.05 clears +0.02, but it comes from 1 query in 10: many resamples miss that query entirely.
        double[] before = new double[10];
        double[] after = new double[10];
        after[3] = 0.5;
        GateDecision decision = GATE.decide(new GateEvidence(500, 40, 0.5, 0.5, ndcg(0.10), ndcg(0.15), before,
                after, Double.NaN, null, null));

        assertThat(decision.publish()).isFalse();
        assertThat(decision.reasons()).contains("pass: test nDCG@10 0.100 → 0.150 (+0.050 ≥ +0.020)",
                "FAIL: test gain is not above 0 with 99% confidence (paired bootstrap over 10 queries: lower bound"
                        + " +0.000)");
    }

    @Test
    void aGainThatOnlyReachesChanceIsRefused() {
        // Clicks unrelated to the queries: the base model ranks them below chance, a scrambled ranking reaches it.
        double[] before = {0.0, 0.01, 0.0, 0.0, 0.005, 0.0, 0.0, 0.0};
        double[] after = {0.03, 0.04, 0.02, 0.03, 0.03, 0.02, 0.035, 0.025};
        GateDecision decision = GATE.decide(new GateEvidence(500, 40, 0.6, 0.6, ndcg(0.002), ndcg(0.029), before,
                after, 0.031, null, null));

        assertThat(decision.publish()).isFalse();
        assertThat(decision.reasons()).contains("pass: test nDCG@10 0.002 → 0.029 (+0.027 ≥ +0.020)",
                "FAIL: test nDCG@10 0.029 is -0.002 from a random ordering's 0.031 (< +0.020)");
        assertThat(decision.reasons()).filteredOn(reason -> reason.startsWith("FAIL: ")).hasSize(1);
    }

    @Test
    void aGainJustShortOfTheMinimumDoesNotPrintAsTheMinimum() {
        GateDecision decision = GATE.decide(new GateEvidence(500, 40, 0.5, 0.5, ndcg(0.066), ndcg(0.0857), NONE,
                NONE, Double.NaN, null, null));

        assertThat(decision.reasons()).contains("FAIL: test nDCG@10 0.066 → 0.086 (+0.0197 < +0.020)");
    }

    @Test
    void eachCheckAloneCanRefuse() {
        assertThat(GATE.decide(evidence(0.5, 0.5, 0.4, 0.5, null, null)).publish()).isTrue();
        assertThat(GATE.decide(evidence(0.5, 0.5, 0.4, 0.5, null, null)).reasons())
                .contains("pass: no guardrail set to check");
        assertThat(GATE.decide(evidence(0.5, 0.5, 0.4, 0.5, ndcg(0.3), ndcg(0.27))).publish()).isFalse();
        assertThat(GATE.decide(evidence(0.5, 0.5, 0.4, 0.41, null, null)).publish()).isFalse();
        assertThat(GATE.decide(evidence(0.0, 0.0, 0.4, 0.5, null, null)).publish()).isFalse();
        assertThat(GATE.decide(new GateEvidence(100, 19, 0.5, 0.5, ndcg(0.4), ndcg(0.5), NONE, NONE, Double.NaN, null, null))
                .publish()).isFalse();
    }

    @Test
    void explainsAScaleTheGuardrailRuledOut() {
        assertThat(GATE.decide(evidence(0.4, 0.8, 0.4, 0.5, ndcg(0.3), ndcg(0.3))).reasons()).contains(
                "pass: residual scale 0.40 chosen on validation (0.80 scored higher there but dropped the guardrail"
                        + " by more than 0.020)");
        assertThat(GATE.decide(evidence(0, 0.8, 0.4, 0.4, ndcg(0.3), ndcg(0.3))).reasons()).contains(
                "FAIL: residual scale 0 chosen on validation: every larger scale dropped the guardrail by more than"
                        + " 0.020 (validation alone preferred 0.80)");
    }

    @Test
    void theScaleScanKeepsTheSmallerScaleOnTiesAndHonoursTheGuardrail() {
        ScaleSelection scan = ScaleSelection.scan(List.of(1.0, 0.5, 0.2),
                scale -> ndcg(scale == 0 ? 0.3 : scale < 0.6 ? 0.5 : 0.4));
        assertThat(scan.chosenScale()).isEqualTo(0.2);
        assertThat(scan.points()).extracting(ScalePoint::scale).containsExactly(0.0, 0.2, 0.5, 1.0);
        assertThat(ScaleSelection.scan(List.of(0.0, 0.5), scale -> ndcg(0.3)).chosenScale()).isZero();
        assertThat(ScaleSelection.defaultCandidates()).hasSize(11).startsWith(0.0).endsWith(1.0);

        // Validation rises with the scale; the guardrail first rises, then falls: 0.6 is the largest allowed scale.
        ScaleSelection constrained = ScaleSelection.scan(ScaleSelection.defaultCandidates(),
                scale -> ndcg(0.1 + scale / 2), scale -> ndcg(0.30 + 0.1 * scale - 0.2 * scale * scale), 0.02);
        // guardrail(s) = 0.3 + 0.1 s - 0.2 s^2: 0.6 -> 0.288 (drop 0.012), 0.7 -> 0.272 (drop 0.028)
        assertThat(constrained.chosenScale()).isEqualTo(0.6);
        assertThat(constrained.bestValidationScale()).isEqualTo(1.0);
        assertThat(constrained.constrainedByGuardrail()).isTrue();
        assertThat(constrained.points().get(7).guardrail().primary()).isCloseTo(0.272, within());
    }

    private static GateEvidence evidence(double chosen, double bestOnValidation, double before, double after,
                                         RetrievalMetrics guardrailBefore, RetrievalMetrics guardrailAfter) {
        return new GateEvidence(500, 40, chosen, bestOnValidation, ndcg(before), ndcg(after), NONE, NONE,
                Double.NaN, guardrailBefore, guardrailAfter);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    private static RetrievalMetrics ndcg(double value) {
        return new RetrievalMetrics(10, 0, 0, 0, 0, 0, value);
    }
}
