package io.clipstream.indexer.duplicates;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vectors of the last images the stage saw, compared by brute force with each new one. The projector is another
 * consumer group: an image that arrived a moment ago may not be in the live collection yet, and without this two
 * copies uploaded together (in different partitions) would never meet. Bounded: the oldest leaves first.
 */
public final class RecentVectors {

    public record Entry(Candidate candidate, float[] vector) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    public RecentVectors(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
    }

    public void add(Candidate candidate, float[] vector) {
        entries.remove(candidate.imageId());
        if (capacity == 0) {
            return;
        }
        entries.put(candidate.imageId(), new Entry(candidate, vector));
        while (entries.size() > capacity) {
            Map.Entry<String, Entry> eldest = entries.entrySet().iterator().next();
            entries.remove(eldest.getKey());
        }
    }

    public void remove(String imageId) {
        entries.remove(imageId);
    }

    public Collection<Entry> entries() {
        return entries.values();
    }
}
