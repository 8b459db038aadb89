package io.clipstream.query.cutoff;

import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.calibration.RelevanceCalibration;
import io.clipstream.model.calibration.ScoreContext;
import io.clipstream.query.search.Hit;
import io.clipstream.query.search.SearchMode;
import io.clipstream.query.search.SearchPage;
import io.clipstream.query.search.SearchQuery;
import io.clipstream.query.search.SearchSession;
import io.clipstream.query.search.SearchSessions;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Judges a page of hits by the relevance calibration of the model version that served the search (loaded once
 * per version from the model registry). A hit's probability depends on its score and on its search's context
 * (the top {@code depth} scores), which is the same for every page of a search, so paging does not change a hit's
 * verdict. Without a calibration nothing is cut: every hit is shown and the answer says why; the same for weighted
 * queries (the trainer fits on plain text searches only).
 */
@ApplicationScoped
public class RelevanceCutoff {

    private static final Logger LOG = Logger.getLogger(RelevanceCutoff.class);

    @Inject
    AdapterRegistry registry;

    @Inject
    VectorStore store;

    @Inject
    SearchSessions sessions;

    @Inject
    MeterRegistry meters;

    private final Map<String, Optional<RelevanceCalibration>> calibrations = new ConcurrentHashMap<>();
    private Counter unreadable;

    @PostConstruct
    void start() {
        unreadable = Counter.builder("clipstream.query.cutoff.calibration.unreadable")
                .description("Searches whose version's calibration could not be read (served uncut)")
                .register(meters);
    }

    /** The calibration of {@code version} of {@code baseModelId}, if it was published with one. */
    public Optional<RelevanceCalibration> calibration(String baseModelId, int version) {
        return calibrations.computeIfAbsent(baseModelId + "/" + version,
                key -> registry.loadCalibration(baseModelId, version));
    }

    public Judged judge(SearchPage page, Cutoff requested) {
        int hits = page.hits().size();
        if (requested instanceof Cutoff.None) {
            return Judged.notApplied(requested.spelled(), hits, "no cut-off asked for");
        }
        if (page.mode() != SearchMode.VECTOR) {
            // Keyword and fused scores are not cosines, the scale the calibration was fitted on.
            return Judged.notApplied(requested.spelled(), hits, "the cut-off is learnt from vector searches; "
                    + page.mode().apiName() + " searches are shown uncut");
        }
        if (!(page.query() instanceof SearchQuery.Text)) {
            // The calibration is fitted on plain text searches: weighted and image queries score on other scales.
            return Judged.notApplied(requested.spelled(), hits, "the cut-off is learnt from plain text searches; "
                    + "weighted and image queries are shown uncut");
        }
        String model = page.model().baseModelId();
        int version = page.model().version();
        Optional<RelevanceCalibration> found;
        try {
            found = calibration(model, version);
        } catch (RuntimeException e) {
            unreadable.increment();
            LOG.warnf("cannot read the calibration of %s v%d, serving uncut: %s", model, version, e.getMessage());
            return Judged.notApplied(requested.spelled(), hits, "the calibration of v" + version
                    + " cannot be read; every hit is shown");
        }
        if (found.isEmpty()) {
            return Judged.notApplied(requested.spelled(), hits, "v" + version + " was published without a "
                    + "relevance calibration; every hit is shown");
        }
        RelevanceCalibration calibration = found.get();
        double threshold = requested instanceof Cutoff.At at ? at.probability() : calibration.autoProbability();
        ScoreContext context = context(page, calibration.depth());
        List<Double> probabilities = new ArrayList<>(hits);
        int passed = 0;
        for (Hit hit : page.hits()) {
            double p = calibration.probability(hit.score(), context);
            probabilities.add(p);
            passed += p >= threshold ? 1 : 0;
        }
        return new Judged(requested.spelled(), true, threshold, version, passed, hits - passed, null,
                probabilities);
    }

    /** The search's top {@code depth} scores: from the page when it holds them, else from the store. */
    private ScoreContext context(SearchPage page, int depth) {
        if (page.offset() == 0 && page.hits().size() >= depth) {
            return ScoreContext.of(page.hits().stream().mapToDouble(Hit::score).toArray(), depth);
        }
        Optional<SearchSession> session = sessions.find(page.searchId());
        if (session.isEmpty()) {
            // The search was just answered, so its session exists unless the cache dropped it under pressure.
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "search %s is no longer remembered; its cut-off cannot be judged", page.searchId()));
        }
        SearchSession s = session.get();
        Set<String> excluded = s.query().queryImages();
        List<SearchHit> top = new ArrayList<>(store.search(s.model().collection(), s.vector(),
                depth + excluded.size(), 0, s.filter()));
        top.removeIf(h -> excluded.contains(h.id()));
        return ScoreContext.of(top.stream().mapToDouble(SearchHit::similarity).toArray(), depth);
    }
}
