package io.clipstream.trainer.data;

import io.clipstream.events.EventJson;
import io.clipstream.events.SearchClick;
import io.clipstream.events.SearchImpression;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jboss.logging.Logger;

/**
 * The text searches of a window as the relevance calibration needs them: every page each showed (rank and image)
 * and the images clicked in it, searches without clicks included (they are what "no good match" is learnt from).
 * Read from the impressions and clicks topics; searches by image or by weighted terms are left out, as their
 * scores are not those of one text.
 */
public final class SearchLog {

    private static final Logger LOG = Logger.getLogger(SearchLog.class);

    private final KafkaClients kafka;
    private final String impressions;
    private final String clicks;

    public SearchLog(KafkaClients kafka, String impressions, String clicks) {
        this.kafka = kafka;
        this.impressions = impressions;
        this.clicks = clicks;
    }

    /**
     * One logged text search.
     *
     * @param shown image ids by 0-based rank, over all its pages
     * @param clicked the image ids clicked in it
     */
    public record Search(String searchId, String text, Instant time, int modelVersion, TreeMap<Integer, String> shown,
                         Set<String> clicked) {
    }

    /** Text searches of {@code baseModelId} first shown in {@code [from, to)}, with their clicks. */
    public List<Search> read(String baseModelId, Instant from, Instant to) {
        Map<String, Search> searches = new LinkedHashMap<>();
        int[] unreadable = {0};
        try (KafkaConsumer<String, byte[]> consumer = kafka.reader("clipstream-trainer-searches")) {
            TopicScan.from(consumer, impressions, from.toEpochMilli(), record -> {
                if (record.value() == null) {
                    return;
                }
                SearchImpression impression;
                try {
                    impression = EventJson.mapper().readValue(record.value(), SearchImpression.class);
                } catch (IOException e) {
                    unreadable[0]++;
                    return;
                }
                if (!baseModelId.equals(impression.baseModelId()) || impression.queryText() == null
                        || impression.terms() != null || impression.time() == null
                        || impression.time().isBefore(from) || !impression.time().isBefore(to)
                        || impression.shown() == null) {
                    return;
                }
                Search search = searches.computeIfAbsent(impression.searchId(), id -> new Search(id,
                        impression.queryText(), impression.time(), impression.modelVersion(), new TreeMap<>(),
                        new HashSet<>()));
                for (SearchImpression.Shown shown : impression.shown()) {
                    // Impressions count ranks from 1, the examination propensities from 0.
                    search.shown().put(shown.rank() - 1, shown.imageId());
                }
            });
        }
        try (KafkaConsumer<String, byte[]> consumer = kafka.reader("clipstream-trainer-search-clicks")) {
            TopicScan.from(consumer, clicks, from.toEpochMilli(), record -> {
                if (record.value() == null) {
                    return;
                }
                try {
                    SearchClick click = EventJson.mapper().readValue(record.value(), SearchClick.class);
                    Search search = searches.get(click.searchId());
                    if (search != null && search.shown().containsValue(click.imageId())) {
                        search.clicked().add(click.imageId());
                    }
                } catch (IOException e) {
                    unreadable[0]++;
                }
            });
        }
        if (unreadable[0] > 0) {
            LOG.warnf("skipped %d unreadable impression or click records", unreadable[0]);
        }
        return List.copyOf(searches.values());
    }
}
