package io.clipstream.trainer.pairs;

import io.clipstream.events.ClickPair;
import io.clipstream.events.SearchClick;
import io.clipstream.events.SearchImpression;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

/**
 * Joins clicks with the impressions of their search (both keyed by search id, so one task sees all of a search)
 * and forwards each accepted click. All timing is event time: the records' stream time, never the wall clock.
 * <p>
 * A click is checked in this order: its search must be known (else it waits up to the grace period), be a text
 * search, not have accepted the same click id, the click must be within the window, the search must have shown
 * the clicked image at the clicked rank (a rank not shown yet also waits: its page may still be on its way), and
 * the search must be under the click cap.
 */
final class ClickJoinProcessor implements Processor<String, SearchInput, String, AcceptedClick> {

    private static final Logger LOG = Logger.getLogger(ClickJoinProcessor.class);

    private final ClickPairSettings settings;
    private final PropensityWeights weights;
    private final ClickPairListener listener;

    private ProcessorContext<String, AcceptedClick> context;
    private KeyValueStore<String, SearchState> searches;
    private KeyValueStore<String, String> expiry;
    private KeyValueStore<String, PendingClicks> pending;

    private ClickJoinProcessor(ClickPairSettings settings, ClickPairListener listener) {
        this.settings = settings;
        this.weights = new PropensityWeights(settings.propensityEta(), settings.maxWeight());
        this.listener = listener;
    }

    /** A new processor per task, with the three stores it needs (persistent, changelogged). */
    static ProcessorSupplier<String, SearchInput, String, AcceptedClick> supplier(ClickPairSettings settings,
                                                                                ClickPairListener listener) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, SearchInput, String, AcceptedClick> get() {
                return new ClickJoinProcessor(settings, listener);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ClickPairTopology.SEARCHES_STORE),
                                Serdes.String(), new JsonSerde<>(SearchState.class)),
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(ClickPairTopology.SEARCH_EXPIRY_STORE),
                                Serdes.String(), Serdes.String()),
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(ClickPairTopology.PENDING_CLICKS_STORE),
                                Serdes.String(), new JsonSerde<>(PendingClicks.class)));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, AcceptedClick> context) {
        this.context = context;
        this.searches = context.getStateStore(ClickPairTopology.SEARCHES_STORE);
        this.expiry = context.getStateStore(ClickPairTopology.SEARCH_EXPIRY_STORE);
        this.pending = context.getStateStore(ClickPairTopology.PENDING_CLICKS_STORE);
        context.schedule(Duration.ofMillis(settings.purgeIntervalMs()), PunctuationType.STREAM_TIME, this::purge);
    }

    @Override
    public void process(Record<String, SearchInput> record) {
        switch (record.value()) {
            case SearchInput.Shown shown -> onImpression(shown.impression());
            case SearchInput.Clicked clicked -> onClick(clicked.click(), record.timestamp());
        }
    }

    private void onImpression(SearchImpression page) {
        if (!usable(page)) {
            LOG.debugf("ignored an impression without search id, time, model or hits: %s", page);
            listener.impressionDropped(DropReason.MALFORMED);
            return;
        }
        long now = context.currentStreamTimeMs();
        SearchState before = searches.get(page.searchId());
        if (before == null && page.time().toEpochMilli() + settings.searchRetentionMs() < now) {
            // Any click on it is past the window by now; keeping it would only let stale redeliveries join.
            LOG.debugf("ignored an impression of search %s from %s: older than the window", page.searchId(),
                    page.time());
            listener.impressionDropped(DropReason.EXPIRED);
            return;
        }
        // A click whose grace ran out before this page arrived is judged by what was known then.
        List<PendingClicks.Waiting> waiting = dropTimedOut(page.searchId(), before, now);
        SearchState after = before == null
                ? SearchState.first(page, settings.searchRetentionMs())
                : before.withPage(page, settings.searchRetentionMs());
        save(page.searchId(), before, after);
        retry(page.searchId(), waiting);
    }

    private void onClick(SearchClick click, long timestamp) {
        if (!usable(click)) {
            LOG.debugf("dropped a click without id, search, image, time or a 1-based rank: %s", click);
            listener.clickDropped(DropReason.MALFORMED);
            return;
        }
        PendingClicks waiting = pending.get(click.searchId());
        if (waiting != null && waiting.contains(click.clickId())) {
            drop(click, DropReason.DUPLICATE);
            return;
        }
        if (join(click, timestamp)) {
            return;
        }
        if (waiting != null && waiting.clicks().size() >= settings.maxClicksPerSearch()) {
            drop(click, DropReason.OVER_CAP);
            return;
        }
        long deadline = context.currentStreamTimeMs() + settings.graceMs();
        PendingClicks.Waiting wait = new PendingClicks.Waiting(click, timestamp, deadline);
        pending.put(click.searchId(), waiting == null ? new PendingClicks(List.of(wait)) : waiting.with(wait));
        LOG.debugf("click %s waits until stream time %d for search %s to show rank %d", click.clickId(), deadline,
                click.searchId(), click.rank());
    }

    /**
     * Joins {@code click} with its search: accepts it (forwarding it) or drops it, and returns true; returns false
     * when it must wait for an impression (its search, or the page with its rank, has not been seen).
     */
    private boolean join(SearchClick click, long timestamp) {
        SearchState search = searches.get(click.searchId());
        if (search == null) {
            return false;
        }
        if (!search.textSearch()) {
            drop(click, DropReason.NOT_A_TEXT_SEARCH);
            return true;
        }
        if (search.clickIds().contains(click.clickId())) {
            drop(click, DropReason.DUPLICATE);
            return true;
        }
        if (click.time().isAfter(search.firstTime().plusMillis(settings.windowMs()))) {
            drop(click, DropReason.EXPIRED);
            return true;
        }
        String shown = search.shown().get(click.rank());
        if (shown == null) {
            return false;
        }
        if (!shown.equals(click.imageId())) {
            drop(click, DropReason.MISMATCH);
            return true;
        }
        if (search.clickIds().size() >= settings.maxClicksPerSearch()) {
            drop(click, DropReason.OVER_CAP);
            return true;
        }
        accept(click, timestamp, search);
        return true;
    }

    private void accept(SearchClick click, long timestamp, SearchState search) {
        boolean first = !search.clickedImages().contains(click.imageId());
        int rank = click.rank() - 1; // the logs count from 1, ClickPair and the propensity from 0
        double weight = weights.weight(rank);
        ClickPair pair = first
                ? new ClickPair(click.searchId(), click.clickId(), search.queryText(), click.imageId(), rank,
                        search.negativesAbove(click.rank(), click.imageId()), weight, search.baseModelId(),
                        search.modelVersion(), search.firstTime(), click.time())
                : null;
        searches.put(click.searchId(), search.withClick(click.clickId(), click.imageId()));
        context.forward(new Record<>(click.searchId(),
                new AcceptedClick(search.queryText(), click.imageId(), first, weight, click.time(), pair), timestamp));
        if (first) {
            listener.pairEmitted();
        }
        LOG.debugf("accepted click %s of search %s (%s image %s at rank %d)", click.clickId(), click.searchId(),
                first ? "first click on" : "again", click.imageId(), click.rank());
    }

    /** Drops the waiting clicks of {@code searchId} whose grace is over; returns the others, removed from the store. */
    private List<PendingClicks.Waiting> dropTimedOut(String searchId, SearchState search, long now) {
        PendingClicks waiting = pending.get(searchId);
        if (waiting == null) {
            return List.of();
        }
        pending.delete(searchId);
        List<PendingClicks.Waiting> still = new ArrayList<>();
        for (PendingClicks.Waiting wait : waiting.clicks()) {
            if (wait.deadlineMs() < now) {
                drop(wait.click(), search == null ? DropReason.UNKNOWN_SEARCH : DropReason.MISMATCH);
            } else {
                still.add(wait);
            }
        }
        return still;
    }

    /** Joins waiting clicks again after a page arrived; those that still cannot join go back to waiting. */
    private void retry(String searchId, List<PendingClicks.Waiting> waiting) {
        List<PendingClicks.Waiting> still = new ArrayList<>();
        for (PendingClicks.Waiting wait : waiting) {
            if (!join(wait.click(), wait.timestamp())) {
                still.add(wait);
            }
        }
        if (!still.isEmpty()) {
            pending.put(searchId, new PendingClicks(still));
        }
    }

    /** Stream-time punctuation: drops clicks whose grace is over and removes searches past their retention. */
    private void purge(long now) {
        List<String> waitingSearches = new ArrayList<>();
        try (KeyValueIterator<String, PendingClicks> all = pending.all()) {
            all.forEachRemaining(entry -> waitingSearches.add(entry.key));
        }
        for (String searchId : waitingSearches) {
            List<PendingClicks.Waiting> still = dropTimedOut(searchId, searches.get(searchId), now);
            if (!still.isEmpty()) {
                pending.put(searchId, new PendingClicks(still));
            }
        }

        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> range = expiry.range(expiryPrefix(0), expiryPrefix(now + 1))) {
            range.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            expiry.delete(entry.key);
            SearchState search = searches.get(entry.value);
            if (search != null && search.expiresAtMs() <= now) {
                searches.delete(entry.value);
            }
        }
        if (!due.isEmpty()) {
            LOG.debugf("purged %d searches at stream time %d", due.size(), now);
        }
    }

    /** Stores the search and keeps its entry in the expiry index (ordered by expiry time) in step. */
    private void save(String searchId, SearchState before, SearchState after) {
        searches.put(searchId, after);
        if (before != null && before.expiresAtMs() == after.expiresAtMs()) {
            return;
        }
        if (before != null) {
            expiry.delete(expiryKey(before.expiresAtMs(), searchId));
        }
        expiry.put(expiryKey(after.expiresAtMs(), searchId), searchId);
    }

    /** Zero-padded so that the store's byte order is time order. */
    static String expiryKey(long expiresAtMs, String searchId) {
        return expiryPrefix(expiresAtMs) + ' ' + searchId;
    }

    /** Sorts after every key of earlier times and before every key of this time. */
    private static String expiryPrefix(long expiresAtMs) {
        return String.format(Locale.ROOT, "%019d", Math.max(0, expiresAtMs));
    }

    private void drop(SearchClick click, DropReason reason) {
        LOG.debugf("dropped click %s of search %s: %s", click.clickId(), click.searchId(), reason.tag());
        listener.clickDropped(reason);
    }

    private static boolean usable(SearchImpression page) {
        return page != null && page.searchId() != null && page.time() != null && page.baseModelId() != null
                && page.shown() != null && page.shown().stream().allMatch(hit -> hit != null && hit.imageId() != null);
    }

    private static boolean usable(SearchClick click) {
        return click != null && click.clickId() != null && click.searchId() != null && click.imageId() != null
                && click.time() != null && click.rank() >= 1;
    }
}
