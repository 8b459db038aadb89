package io.clipstream.query.feedback;

import io.clipstream.events.SearchClick;
import io.clipstream.query.search.SearchSession;
import io.clipstream.query.search.SearchSessions;
import io.clipstream.query.search.UnknownSearchException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks a click against the search it names (the search must be known, and the image must have been shown at
 * that rank) and logs it; a click the log did not take is a {@link ClickNotLoggedException}, which the client may
 * retry.
 */
@ApplicationScoped
public class ClickService {

    static final long ACK_TIMEOUT_MS = 10_000;

    @Inject
    SearchSessions sessions;

    @Inject
    SearchEvents events;

    @Inject
    MeterRegistry registry;

    public String click(String searchId, String imageId, int rank, Long dwellMs) throws InterruptedException {
        SearchSession session = sessions.find(searchId).orElseThrow(() -> new UnknownSearchException(searchId,
                "search " + searchId + " is unknown or expired"));
        String shown = session.shownByRank().get(rank);
        if (shown == null) {
            throw new ClickRejectedException("rank", "search " + searchId + " showed no image at rank " + rank);
        }
        if (!shown.equals(imageId)) {
            throw new ClickRejectedException("imageId", "search " + searchId + " showed image " + shown
                    + " at rank " + rank + ", not " + imageId);
        }
        SearchClick click = new SearchClick(SearchSessions.newId(), searchId, imageId, rank, dwellMs,
                session.model().baseModelId(), session.model().version(), Instant.now());
        try {
            events.click(click).toCompletableFuture().get(ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            registry.counter("clipstream.query.clicks", "outcome", "failed").increment();
            throw new ClickNotLoggedException("the click could not be logged: "
                    + (e.getCause() == null ? "Kafka did not acknowledge in time" : e.getCause().getMessage()), e);
        }
        registry.counter("clipstream.query.clicks", "outcome", "logged").increment();
        return click.clickId();
    }
}
