package io.clipstream.trainer.pairs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the click-pair topology runs (RUNNING, or REBALANCING, which is part of running); down while it
 * starts, after it stopped or failed. A process that never started it (a one-off training run, or pairs
 * disabled) is not held back by it.
 */
@Readiness
@ApplicationScoped
public class ClickPairStreamsReadiness implements HealthCheck {

    static final String NAME = "click-pairs";

    private final ClickPairStreams streams;

    @Inject
    public ClickPairStreamsReadiness(ClickPairStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<KafkaStreams.State> state = streams.state();
        if (state.isEmpty()) {
            return HealthCheckResponse.named(NAME).up().withData("started", false).build();
        }
        boolean running = state.get() == KafkaStreams.State.RUNNING
                || state.get() == KafkaStreams.State.REBALANCING;
        return HealthCheckResponse.named(NAME).status(running).withData("started", true)
                .withData("state", state.get().name()).build();
    }
}
