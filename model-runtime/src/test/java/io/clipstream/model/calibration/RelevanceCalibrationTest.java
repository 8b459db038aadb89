package io.clipstream.model.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipstream.model.adapter.AdapterLoadException;
import io.clipstream.model.adapter.AdapterRegistry;
import io.clipstream.model.adapter.ResidualAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelevanceCalibrationTest {

    private static final RelevanceCalibration CALIBRATION = new RelevanceCalibration(20,
            List.of(10.0, 2.0, 1.0, -3.0, 4.0), -2.5, 0.4);

    @Test
    void contextOfTheTopScores() {
        ScoreContext context = ScoreContext.of(new double[] {0.9, 0.7, 0.5, 0.1}, 3);
        assertThat(context.best()).isEqualTo(0.9);
        assertThat(context.kth()).isEqualTo(0.5);
        assertThat(context.mean()).isCloseTo(0.7, within(1e-12));
        assertThat(context.std()).isCloseTo(Math.sqrt(0.08 / 3), within(1e-12));
        assertThat(context.count()).isEqualTo(3);
        assertThat(ScoreContext.of(new double[0], 3).count()).isZero();
    }

    @Test
    void probabilityIsTheLogisticOfTheWeightedFeatures() {
        ScoreContext context = new ScoreContext(0.8, 0.4, 0.6, 0.1, 20);
        double z = -2.5 + 10 * 0.5 + 2 * (0.5 - 0.8) + (0.5 - 0.4) - 3 * 0.6 + 4 * 0.1;
        assertThat(CALIBRATION.probability(0.5, context)).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-12));
        assertThat(CALIBRATION.probability(0.6, context)).isGreaterThan(CALIBRATION.probability(0.5, context));
        assertThat(CALIBRATION.scoreSlope()).isEqualTo(13.0);
    }

    @Test
    void refusesWhatCannotBeACalibration() {
        assertThatThrownBy(() -> new RelevanceCalibration(20, List.of(1.0), 0, 0.5))
                .hasMessageContaining("weights");
        assertThatThrownBy(() -> new RelevanceCalibration(20, List.of(1.0, 0.0, 0.0, 0.0, Double.NaN), 0, 0.5))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new RelevanceCalibration(20, List.of(1.0, 0.0, 0.0, 0.0, 0.0), 0, 1.0))
                .hasMessageContaining("autoProbability");
    }

    @Test
    void travelsWithItsVersionInTheRegistry(@TempDir Path root) throws Exception {
        AdapterRegistry registry = new AdapterRegistry(root);
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = json.createObjectNode();
        manifest.set(AdapterRegistry.CALIBRATION, json.valueToTree(CALIBRATION));
        ResidualAdapter zero = new ResidualAdapter(2, new float[4], new float[2], 1f);
        registry.write("m", 1, zero, zero, manifest);
        registry.write("m", 2, zero, zero, json.createObjectNode());

        assertThat(registry.loadCalibration("m", 1)).contains(CALIBRATION);
        assertThat(registry.loadCalibration("m", 2)).isEmpty();
        assertThat(registry.loadCalibration("m", 0)).isEmpty();

        Path broken = registry.versionDir("m", 3);
        Files.createDirectories(broken);
        Files.writeString(broken.resolve(AdapterRegistry.MANIFEST), "{\"calibration\":{\"depth\":0}}");
        assertThatThrownBy(() -> registry.loadCalibration("m", 3)).isInstanceOf(AdapterLoadException.class)
                .hasMessageContaining("calibration of model m v3");
    }
}
