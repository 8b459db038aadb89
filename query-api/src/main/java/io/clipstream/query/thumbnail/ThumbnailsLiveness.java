package io.clipstream.query.thumbnail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only when the thumbnails view has failed for good (Kafka Streams in ERROR: its global thread died), so
 * that the orchestrator restarts the replica. Loading the topic is not a failure: the endpoint answers 503
 * meanwhile and search stays available, which is why the extension's own checks (liveness down until RUNNING,
 * readiness down until the topic exists) are switched off.
 */
@Liveness
@ApplicationScoped
public class ThumbnailsLiveness implements HealthCheck {

    @Inject
    ThumbnailStore store;

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = store.state();
        boolean failed = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
        return HealthCheckResponse.named("thumbnails").status(!failed).withData("state", state.name()).build();
    }
}
