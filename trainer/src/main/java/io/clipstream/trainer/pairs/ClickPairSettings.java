package io.clipstream.trainer.pairs;

import io.clipstream.trainer.config.TrainerConfig;

/**
 * Rules of the click-pair join; see {@link TrainerConfig.Pairs} for what each one means.
 *
 * @param windowMs a click counts only this long after its search's first impression
 * @param graceMs how long a click waits for an impression that has not arrived
 * @param maxClicksPerSearch accepted clicks per search at most
 * @param propensityEta exponent of the examination propensity {@code 1 / (rank + 1)^eta}
 * @param maxWeight weights are clipped to this
 * @param purgeIntervalMs stream-time interval of the purge of expired state
 */
public record ClickPairSettings(
        long windowMs,
        long graceMs,
        int maxClicksPerSearch,
        double propensityEta,
        double maxWeight,
        long purgeIntervalMs) {

    public ClickPairSettings {
        require(windowMs > 0, "windowMs must be positive, got " + windowMs);
        require(graceMs >= 0, "graceMs must not be negative, got " + graceMs);
        require(maxClicksPerSearch > 0, "maxClicksPerSearch must be positive, got " + maxClicksPerSearch);
        require(propensityEta >= 0 && Double.isFinite(propensityEta),
                "propensityEta must be finite and not negative, got " + propensityEta);
        require(maxWeight >= 1 && Double.isFinite(maxWeight), "maxWeight must be finite and at least 1, got "
                + maxWeight);
        require(purgeIntervalMs > 0, "purgeIntervalMs must be positive, got " + purgeIntervalMs);
    }

    public static ClickPairSettings from(TrainerConfig.Pairs pairs) {
        return new ClickPairSettings(pairs.windowMs(), pairs.graceMs(), pairs.maxClicksPerSearch(),
                pairs.propensityEta(), pairs.maxWeight(), pairs.purgeIntervalMs());
    }

    /**
     * How long a search's state is kept after its first impression: the window, plus the grace a click delivered
     * late (but clicked within the window) may need to still find it.
     */
    long searchRetentionMs() {
        return windowMs + graceMs;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
