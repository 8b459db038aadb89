package io.clipstream.trainer.planted;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.model.ClipModel;
import io.clipstream.model.ModelOptions;
import io.clipstream.model.image.RgbImage;
import io.clipstream.model.onnx.ExecutionSettings;
import io.clipstream.model.vector.Vectors;
import io.clipstream.testing.RepoPaths;
import io.clipstream.testing.shapes.Scene;
import io.clipstream.testing.shapes.SceneRenderer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The Java port of the world's renderer ({@link SceneRenderer}) draws pictures the trained tiny CLIP recognises as
 * well as the ones Python drew: on 140 random scenes, zero-shot accuracy of the attributes the first-day concept is
 * made of (colour, size, background) against the canonical captions with that one attribute varied. Measured:
 * colour 0.97, size 0.98, background 1.00 (the model card's held-out values from Python pictures: 0.99, 0.99,
 * 1.00). A drift of the port (or of world.py) away from what the model learnt fails here first.
 */
class RenderedWorldTest {

    private static final int SCENES = 140;

    @Test
    void theTrainedModelRecognisesJavaRenderedScenes() throws Exception {
        Random random = new Random(5);
        int colour = 0;
        int size = 0;
        int background = 0;
        try (ClipModel model = ClipModel.open(RepoPaths.trainedTinyModel(), ModelOptions.both(ExecutionSettings.cpu(2)))) {
            for (int i = 0; i < SCENES; i++) {
                Scene scene = Scene.random(random);
                BufferedImage picture = SceneRenderer.render(scene, 128, 1000 + i);
                float[] image = model.embedImage(new RgbImage(128, 128, SceneRenderer.rgb(picture)));
                colour += recognised(model, image, scene, Scene.COLOURS,
                        (s, v) -> new Scene(v, s.shape(), s.pattern(), s.count(), s.size(), s.background()));
                size += recognised(model, image, scene, Scene.SIZES,
                        (s, v) -> new Scene(s.colour(), s.shape(), s.pattern(), s.count(), v, s.background()));
                background += recognised(model, image, scene, Scene.BACKGROUNDS,
                        (s, v) -> new Scene(s.colour(), s.shape(), s.pattern(), s.count(), s.size(), v));
            }
        }
        System.out.printf("Java-rendered scenes, zero-shot: colour %.3f, size %.3f, background %.3f%n",
                colour / (double) SCENES, size / (double) SCENES, background / (double) SCENES);
        assertThat(colour / (double) SCENES).as("colour").isGreaterThanOrEqualTo(0.9);
        assertThat(size / (double) SCENES).as("size").isGreaterThanOrEqualTo(0.9);
        assertThat(background / (double) SCENES).as("background").isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void sameSceneAndSeedSamePixelsAnotherSeedOthers() {
        Scene scene = new Scene("green", "star", "striped", 2, "large", "sand");
        assertThat(SceneRenderer.rgb(SceneRenderer.render(scene, 96, 7)))
                .isEqualTo(SceneRenderer.rgb(SceneRenderer.render(scene, 96, 7)))
                .isNotEqualTo(SceneRenderer.rgb(SceneRenderer.render(scene, 96, 8)));
    }

    /** 1 when the caption with the true value is nearest the picture among those with every value of the attribute. */
    private static int recognised(ClipModel model, float[] image, Scene scene, List<String> values,
                                  BiFunction<Scene, String, Scene> with) throws Exception {
        List<String> captions = new ArrayList<>();
        for (String value : values) {
            captions.add(with.apply(scene, value).caption());
        }
        float[][] texts = model.embedTexts(captions);
        int best = 0;
        for (int i = 1; i < texts.length; i++) {
            if (Vectors.dot(image, texts[i]) > Vectors.dot(image, texts[best])) {
                best = i;
            }
        }
        return captions.get(best).equals(scene.caption()) ? 1 : 0;
    }
}
