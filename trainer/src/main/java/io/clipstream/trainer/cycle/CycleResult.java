package io.clipstream.trainer.cycle;

import java.nio.file.Path;
import java.util.List;

/**
 * What one training cycle did.
 *
 * @param publishedVersion the version published, or null when the gate refused (or the run failed before)
 * @param activated whether that version went live in this cycle
 * @param reasons the gate's reasons, then what happened after publication
 */
public record CycleResult(String runId, Path report, Integer publishedVersion, boolean activated,
                          List<String> reasons) {

    public boolean published() {
        return publishedVersion != null;
    }
}
