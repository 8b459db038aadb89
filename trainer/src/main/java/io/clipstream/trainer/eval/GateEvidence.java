package io.clipstream.trainer.eval;

/**
 * What the gate looks at. Metrics "before" are the base model (residual scale 0), "after" the chosen scale.
 *
 * @param bestValidationScale the scale validation alone preferred (differs from {@code chosenScale} when the
 *                            guardrail ruled it out)
 * @param testPrimaryBefore the primary metric per test query at scale 0, for the significance check; may be empty
 *                          (then the check is skipped), else aligned with {@code testPrimaryAfter}
 * @param testChance the primary metric a random ordering of the catalogue scores on the test split (see
 *                   {@link RetrievalEvaluator#chanceNdcg}); NaN skips that check
 * @param guardrailBefore null when there is no guardrail set (likewise {@code guardrailAfter})
 */
public record GateEvidence(int trainPairs, int testQueries, double chosenScale, double bestValidationScale,
                           RetrievalMetrics testBefore, RetrievalMetrics testAfter, double[] testPrimaryBefore,
                           double[] testPrimaryAfter, double testChance, RetrievalMetrics guardrailBefore,
                           RetrievalMetrics guardrailAfter) {

    public GateEvidence {
        testPrimaryBefore = testPrimaryBefore == null ? new double[0] : testPrimaryBefore;
        testPrimaryAfter = testPrimaryAfter == null ? new double[0] : testPrimaryAfter;
        if (testPrimaryBefore.length != testPrimaryAfter.length) {
            throw new IllegalArgumentException("per-query test metrics before and after must be paired");
        }
    }
}
