package io.clipstream.trainer.cycle;

import io.clipstream.trainer.job.TrainingJobSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a training cycle needs to know beyond its collaborators.
 *
 * @param modelDir the base model's folder, checksummed into every manifest
 * @param windowMs click pairs of this long before the run are used
 * @param autoActivate activate a published version once its reindex has caught up
 * @param reindexTimeoutMs how long to wait for that
 * @param reindexPollMs how often reindex progress is checked
 * @param guardrailFile optional JSON-lines guardrail set
 */
public record CycleSettings(String baseModelId, Path modelDir, long windowMs, TrainingJobSettings job,
                            boolean autoActivate, long reindexTimeoutMs, long reindexPollMs,
                            Optional<Path> guardrailFile) {
}
