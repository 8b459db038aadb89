package io.clipstream.trainer.eval;

/** The metrics of one ranked query; {@link RetrievalMetrics} averages them. */
public record QueryMetrics(double recallAt1, double recallAt5, double recallAt10, double reciprocalRank,
                           double ndcgAt10) {
}
