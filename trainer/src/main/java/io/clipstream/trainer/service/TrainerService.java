package io.clipstream.trainer.service;

import io.clipstream.trainer.config.TrainerConfig;
import io.clipstream.trainer.pairs.ClickPairStreams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns this process into the long-running trainer: the click-pair topology (when enabled) and the schedule.
 * Called by the trainer's own entry point, and by any application that embeds the trainer.
 */
@ApplicationScoped
public class TrainerService {

    @Inject
    TrainerConfig config;

    @Inject
    ServiceMode mode;

    @Inject
    ClickPairStreams streams;

    /** @throws IllegalStateException when the click-pair topics are missing or not co-partitioned */
    public void start() throws InterruptedException {
        mode.enterService();
        if (config.pairs().enabled()) {
            streams.start();
        }
    }
}
