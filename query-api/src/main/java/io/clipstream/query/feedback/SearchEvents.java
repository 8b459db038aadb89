package io.clipstream.query.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clipstream.events.EventJson;
import io.clipstream.events.SearchClick;
import io.clipstream.events.SearchImpression;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Writes search impressions and clicks to Kafka, keyed by search id so a search's events share a partition.
 * Impressions do not hold up the search answer (a failure is counted and logged); clicks are acknowledged by
 * Kafka before the API answers, so a 202 means the click is in the log.
 */
@ApplicationScoped
public class SearchEvents {

    private static final Logger LOG = Logger.getLogger(SearchEvents.class);

    @Inject
    @Channel("impressions-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<Record<String, byte[]>> impressions;

    @Inject
    @Channel("clicks-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    MutinyEmitter<Record<String, byte[]>> clicks;

    @Inject
    MeterRegistry registry;

    private Counter impressionsSent;
    private Counter impressionsFailed;

    @PostConstruct
    void start() {
        impressionsSent = Counter.builder("clipstream.query.impressions").tag("outcome", "sent")
                .description("Search impressions written to Kafka").register(registry);
        impressionsFailed = Counter.builder("clipstream.query.impressions").tag("outcome", "failed")
                .description("Search impressions Kafka did not take").register(registry);
    }

    public void impression(SearchImpression impression) {
        try {
            send(impressions, impression.searchId(), json(impression)).whenComplete((ok, failure) -> {
                if (failure == null) {
                    impressionsSent.increment();
                } else {
                    impressionsFailed.increment();
                    LOG.warnf("impression of search %s was not logged: %s", impression.searchId(),
                            failure.getMessage());
                }
            });
        } catch (RuntimeException e) {
            impressionsFailed.increment();
            LOG.warnf("impression of search %s was not logged: %s", impression.searchId(), e.getMessage());
        }
    }

    /** Completes when Kafka has acknowledged the click. */
    public CompletionStage<Void> click(SearchClick click) {
        return send(clicks, click.searchId(), json(click));
    }

    private static CompletionStage<Void> send(MutinyEmitter<Record<String, byte[]>> emitter, String key,
                                              byte[] value) {
        return emitter.send(Record.of(key, value)).subscribeAsCompletionStage();
    }

    private static byte[] json(Object event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }
}
