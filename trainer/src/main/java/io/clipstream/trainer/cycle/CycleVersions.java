package io.clipstream.trainer.cycle;

import io.clipstream.versions.ModelsView;
import io.clipstream.versions.ModelsWriter;
import io.clipstream.versions.ReindexProgress;
import io.clipstream.versions.VersionActivation;
import io.clipstream.versions.VersionRetention;
import java.time.Duration;

/**
 * What a cycle does with model versions, all from the model-versions library: read the models topic, publish,
 * measure the reindex, activate and retire.
 *
 * @param kafkaTimeout how long reading the models topic to its end may take
 */
public record CycleVersions(ModelsView models, ModelsWriter writer, ReindexProgress progress,
                            VersionActivation activation, VersionRetention retention, Duration kafkaTimeout) {
}
