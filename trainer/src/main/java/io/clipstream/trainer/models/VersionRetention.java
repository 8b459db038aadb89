package io.clipstream.trainer.models;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Retires old versions: keeps the newest {@code keep} published versions and the active one (and the version it
 * replaced, the rollback target); version 0, the base projection, is never retired. A retired version's
 * collection and projector group are dropped by the indexers; its registry folder stays as a record.
 */
public final class VersionRetention {

    private static final Logger LOG = Logger.getLogger(VersionRetention.class);

    private final String baseModelId;
    private final int keep;
    private final ModelsLog models;

    public VersionRetention(String baseModelId, int keep, ModelsLog models) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.baseModelId = baseModelId;
        this.keep = keep;
        this.models = models;
    }

    /** Versions to retire in {@code state}, oldest first. */
    public List<Integer> toRetire(ModelsState state) {
        List<Integer> versions = new ArrayList<>(state.published().keySet());
        int active = state.activeVersion();
        Integer rollbackTarget = state.activation().map(a -> a.previousVersion()).orElse(null);
        List<Integer> retire = new ArrayList<>();
        for (int i = 0; i < versions.size() - keep; i++) {
            int v = versions.get(i);
            if (v != active && (rollbackTarget == null || v != rollbackTarget)) {
                retire.add(v);
            }
        }
        return retire;
    }

    public List<Integer> apply() {
        List<Integer> retire = toRetire(models.read(baseModelId));
        for (int version : retire) {
            models.retire(baseModelId, version);
            LOG.infof("retired %s v%d (keeping the newest %d versions)", baseModelId, version, keep);
        }
        return retire;
    }
}
