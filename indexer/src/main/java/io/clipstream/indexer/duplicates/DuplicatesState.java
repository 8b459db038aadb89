package io.clipstream.indexer.duplicates;

import io.clipstream.events.ImageDuplicates;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The duplicates stage's state in memory: the graph, and the last record written per image, so that only records
 * that changed are written again. Rebuilt at start from the duplicates topic itself (every image has a record).
 * Callers synchronise on it: the stage's runtime and the dismissals follower both change it.
 */
public final class DuplicatesState {

    private final String modelId;
    private final DuplicateGraph graph = new DuplicateGraph();
    private final Map<String, ImageDuplicates> written = new HashMap<>();
    private final RecentVectors recent;

    /** @param recentVectors how many of the last images' vectors are compared directly, see {@link RecentVectors} */
    public DuplicatesState(String modelId, int recentVectors) {
        this.modelId = modelId;
        this.recent = new RecentVectors(recentVectors);
    }

    public RecentVectors recent() {
        return recent;
    }

    public String modelId() {
        return modelId;
    }

    public DuplicateGraph graph() {
        return graph;
    }

    /**
     * Takes a record read back from the duplicates topic (a null value is a tombstone); records of another base
     * model (an indexer of the next model writing meanwhile) are not this stage's.
     */
    public void restore(String imageId, ImageDuplicates record) {
        if (record != null && !modelId.equals(record.baseModelId())) {
            return;
        }
        if (record == null) {
            graph.remove(imageId);
            written.remove(imageId);
        } else {
            written.put(imageId, record);
        }
    }

    /** After the topic was read to its end: the graph from the records (links need both ends known). */
    public void rebuild() {
        for (ImageDuplicates record : written.values()) {
            graph.put(new Candidate(record.imageId(), record.evidence(), record.eventTime().toEpochMilli()),
                    java.util.List.of());
        }
        for (ImageDuplicates record : written.values()) {
            graph.restore(record);
        }
    }

    /** Whether {@code current} differs from what was written last for its image (times aside); remembers it. */
    boolean changed(ImageDuplicates current) {
        ImageDuplicates last = written.get(current.imageId());
        boolean same = last != null && Objects.equals(last.evidence(), current.evidence())
                && last.eventTime().equals(current.eventTime()) && last.links().equals(current.links())
                && last.groups().equals(current.groups()) && last.baseModelId().equals(current.baseModelId());
        if (!same) {
            written.put(current.imageId(), current);
        }
        return !same;
    }

    /** Forgets a deleted image; true when it had a record to tombstone. */
    boolean forget(String imageId) {
        return written.remove(imageId) != null;
    }

    public int size() {
        return written.size();
    }
}
