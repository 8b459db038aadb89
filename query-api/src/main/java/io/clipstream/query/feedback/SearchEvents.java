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
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

    static final int QUEUE = 10_000;

    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE), Thread.ofPlatform().name("impressions-sender").daemon().factory(),
            new ThreadPoolExecutor.AbortPolicy());
    private Counter impressionsSent;
    private Counter impressionsFailed;

    @PostConstruct
    void start() {
        impressionsSent = Counter.builder("clipstream.query.impressions").tag("outcome", "sent")
                .description("Search impressions written to Kafka").register(registry);
        impressionsFailed = Counter.builder("clipstream.query.impressions").tag("outcome", "failed")
                .description("Search impressions Kafka did not take").register(registry);
    }

    /**
     * Queues the impression for the sender thread: serialising and handing it to the Kafka sink took a fifth of
     * a search's CPU on the request thread (JFR, docs/benchmarks.md). A full queue drops and counts it.
     */
    public void impression(SearchImpression impression) {
        try {
            sender.execute(() -> sendImpression(impression));
        } catch (RejectedExecutionException e) {
            impressionsFailed.increment();
            LOG.warnf("impression of search %s was not logged: %d impressions already wait for Kafka",
                    impression.searchId(), QUEUE);
        }
    }

    private void sendImpression(SearchImpression impression) {
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

    @PreDestroy
    void stop() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(10, TimeUnit.SECONDS);
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
