package io.clipstream.versions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Retires old versions: keeps the newest {@code keep} published versions, the active one and its rollback target;
 * version 0, the base projection, is never published and so never retired. A retired version's collection and
 * projector group are dropped by the indexers ({@link VersionRetirement}); its registry folder stays as a record.
 */
public final class VersionRetention {

    private static final Logger LOG = Logger.getLogger(VersionRetention.class);

    private final String baseModelId;
    private final int keep;
    private final ModelsView models;
    private final ModelsWriter writer;
    private final Duration kafkaTimeout;

    public VersionRetention(String baseModelId, int keep, ModelsView models, ModelsWriter writer,
                            Duration kafkaTimeout) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.baseModelId = baseModelId;
        this.keep = keep;
        this.models = models;
        this.writer = writer;
        this.kafkaTimeout = kafkaTimeout;
    }

    /** Versions to retire in {@code state}, oldest first. */
    public static List<Integer> toRetire(ModelsState state, int keep) {
        List<Integer> versions = new ArrayList<>(state.published().keySet());
        int active = state.activeVersion();
        Integer rollbackTarget = state.rollbackTarget().isPresent() ? state.rollbackTarget().getAsInt() : null;
        List<Integer> retire = new ArrayList<>();
        for (int i = 0; i < versions.size() - keep; i++) {
            int v = versions.get(i);
            if (v != active && (rollbackTarget == null || v != rollbackTarget)) {
                retire.add(v);
            }
        }
        return retire;
    }

    /** Retires what {@link #toRetire} names in the latest state; returns those versions. */
    public List<Integer> apply() throws InterruptedException {
        List<Integer> retire = toRetire(models.latest(kafkaTimeout), keep);
        for (int version : retire) {
            writer.retire(baseModelId, version);
            LOG.infof("retired %s v%d (keeping the newest %d versions)", baseModelId, version, keep);
        }
        return retire;
    }
}
