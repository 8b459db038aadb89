package io.clipstream.trainer.pairs;

import io.clipstream.events.SearchImpression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the join knows of one search (value of the searches store, JSON): the pages seen so far and the clicks
 * accepted. Image searches keep no ranks: their clicks are dropped whatever they show.
 *
 * @param queryText the normalised query text; null for a search by image
 * @param firstTime time of the earliest page seen: the search's time
 * @param expiresAtMs stream time after which the state is purged
 * @param shown image id by absolute 1-based rank, over every page seen
 * @param clickIds accepted click ids (at most the per-search cap), for deduplication
 * @param clickedImages images with an accepted click, in click order
 */
record SearchState(
        String queryText,
        String baseModelId,
        int modelVersion,
        Instant firstTime,
        long expiresAtMs,
        SortedMap<Integer, String> shown,
        List<String> clickIds,
        List<String> clickedImages) {

    SearchState {
        shown = Collections.unmodifiableSortedMap(new TreeMap<>(shown == null ? Map.of() : shown));
        clickIds = clickIds == null ? List.of() : List.copyOf(clickIds);
        clickedImages = clickedImages == null ? List.of() : List.copyOf(clickedImages);
    }

    static SearchState first(SearchImpression page, long retentionMs) {
        String text = QueryTexts.normalise(page.queryText());
        SearchState empty = new SearchState(text == null || text.isEmpty() ? null : text, page.baseModelId(),
                page.modelVersion(), page.time(), page.time().toEpochMilli() + retentionMs, null, List.of(),
                List.of());
        return empty.withPage(page, retentionMs);
    }

    boolean textSearch() {
        return queryText != null;
    }

    /** Adds the ranks of another page; an earlier page moves the search's time (and expiry) back. */
    SearchState withPage(SearchImpression page, long retentionMs) {
        Instant first = page.time().isBefore(firstTime) ? page.time() : firstTime;
        SortedMap<Integer, String> ranks = shown;
        if (textSearch()) {
            ranks = new TreeMap<>(shown);
            for (SearchImpression.Shown hit : page.shown()) {
                ranks.put(hit.rank(), hit.imageId());
            }
        }
        return new SearchState(queryText, baseModelId, modelVersion, first, first.toEpochMilli() + retentionMs,
                ranks, clickIds, clickedImages);
    }

    SearchState withClick(String clickId, String imageId) {
        List<String> ids = new ArrayList<>(clickIds);
        ids.add(clickId);
        List<String> images = new ArrayList<>(clickedImages);
        if (!images.contains(imageId)) {
            images.add(imageId);
        }
        return new SearchState(queryText, baseModelId, modelVersion, firstTime, expiresAtMs, shown, ids, images);
    }

    /** Images shown above 1-based {@code rank} that no accepted click of this search chose, best ranked first. */
    List<String> negativesAbove(int rank, String clickedImage) {
        return shown.headMap(rank).values().stream()
                .filter(image -> !image.equals(clickedImage) && !clickedImages.contains(image))
                .toList();
    }
}
