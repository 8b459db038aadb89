package io.clipstream.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Publishes a trained version only when every check passes: enough training pairs and test queries, a residual
 * scale above 0, a test-split gain of the primary metric of at least the minimum and above zero with the configured
 * confidence, a test score above a random ordering's by at least that minimum too, and no larger guardrail drop
 * than allowed. Every check adds a line saying what was measured against what, passed or failed.
 *
 * <p>The check against a random ordering matters when the base model ranks the test clicks below chance, as with
 * clicks that have nothing to do with the query: a version that only scrambles the base ranking then "gains" up to
 * the chance level without having learnt anything.
 */
public final class Gate {

    private final GateSettings settings;

    public Gate(GateSettings settings) {
        this.settings = settings;
    }

    public GateDecision decide(GateEvidence e) {
        List<String> reasons = new ArrayList<>();
        boolean publish = true;

        boolean enoughPairs = e.trainPairs() >= settings.minTrainPairs();
        publish &= enoughPairs;
        reasons.add(verdict(enoughPairs) + "training pairs " + e.trainPairs() + (enoughPairs ? " ≥ " : " < ")
                + settings.minTrainPairs());

        boolean enoughQueries = e.testQueries() >= settings.minTestQueries();
        publish &= enoughQueries;
        reasons.add(verdict(enoughQueries) + "test queries " + e.testQueries() + (enoughQueries ? " ≥ " : " < ")
                + settings.minTestQueries());

        boolean scaled = e.chosenScale() > 0;
        publish &= scaled;
        reasons.add(verdict(scaled) + scaleReason(e));

        if (e.testBefore() == null || e.testAfter() == null || e.testAfter().queries() == 0) {
            publish = false;
            reasons.add(verdict(false) + "no test metrics");
        } else {
            double before = e.testBefore().primary();
            double after = e.testAfter().primary();
            double gain = after - before;
            boolean improved = gain >= settings.minImprovement();
            publish &= improved;
            reasons.add(verdict(improved) + String.format(Locale.ROOT, "test nDCG@10 %.3f → %.3f (%s %s %+.3f)",
                    before, after, signed(gain, settings.minImprovement()), improved ? "≥" : "<",
                    settings.minImprovement()));
            if (!Double.isNaN(e.testChance())) {
                double margin = after - e.testChance();
                boolean aboveChance = margin >= settings.minImprovement();
                publish &= aboveChance;
                reasons.add(verdict(aboveChance) + String.format(Locale.ROOT,
                        "test nDCG@10 %.3f is %s from a random ordering's %.3f (%s %+.3f)", after,
                        signed(margin, settings.minImprovement()), e.testChance(), aboveChance ? "≥" : "<",
                        settings.minImprovement()));
            }
            if (settings.confidence() > 0 && e.testPrimaryBefore().length > 0) {
                double bound = PairedBootstrap.lowerBound(e.testPrimaryBefore(), e.testPrimaryAfter(),
                        settings.confidence());
                boolean significant = bound > 0;
                publish &= significant;
                reasons.add(verdict(significant) + String.format(Locale.ROOT,
                        "test gain %s above 0 with %.0f%% confidence (paired bootstrap over %d queries: lower bound"
                                + " %+.3f)", significant ? "is" : "is not", 100 * settings.confidence(),
                        e.testPrimaryBefore().length, bound));
            }
        }

        if (e.guardrailBefore() == null || e.guardrailAfter() == null || e.guardrailBefore().queries() == 0) {
            reasons.add(verdict(true) + "no guardrail set to check");
        } else {
            double before = e.guardrailBefore().primary();
            double after = e.guardrailAfter().primary();
            double drop = before - after;
            boolean held = drop <= settings.guardrailMaxDrop();
            publish &= held;
            reasons.add(verdict(held) + String.format(Locale.ROOT,
                    "guardrail nDCG@10 %.3f → %.3f (%+.3f, %s the allowed drop of %.3f)", before, after, -drop,
                    held ? "within" : "beyond", settings.guardrailMaxDrop()));
        }
        return new GateDecision(publish, reasons);
    }

    private String scaleReason(GateEvidence e) {
        boolean constrained = e.chosenScale() != e.bestValidationScale();
        String limit = String.format(Locale.ROOT, "%.3f", settings.guardrailMaxDrop());
        String chosen = "residual scale " + format(e.chosenScale()) + " chosen on validation";
        if (e.chosenScale() > 0) {
            return chosen + (constrained ? " (" + format(e.bestValidationScale())
                    + " scored higher there but dropped the guardrail by more than " + limit + ")" : "");
        }
        return "residual scale 0 chosen on validation: " + (constrained
                ? "every larger scale dropped the guardrail by more than " + limit + " (validation alone preferred "
                + format(e.bestValidationScale()) + ")"
                : "no scale beat the base model there");
    }

    /** {@code value} signed to 3 decimals, or 4 where 3 would print it equal to the {@code threshold} it missed. */
    private static String signed(double value, double threshold) {
        String three = String.format(Locale.ROOT, "%+.3f", value);
        return three.equals(String.format(Locale.ROOT, "%+.3f", threshold)) && value != threshold
                ? String.format(Locale.ROOT, "%+.4f", value) : three;
    }

    private static String verdict(boolean pass) {
        return pass ? "pass: " : "FAIL: ";
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
