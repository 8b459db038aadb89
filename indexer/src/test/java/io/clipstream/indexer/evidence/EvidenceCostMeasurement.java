package io.clipstream.indexer.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.events.ImageEvidence;
import io.clipstream.model.image.DecodeLimits;
import io.clipstream.model.image.DecodedImage;
import io.clipstream.model.image.ImageDecoder;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.PreprocessSpec;
import io.clipstream.model.image.RgbImage;
import io.clipstream.testing.SyntheticImages;
import org.junit.jupiter.api.Test;

/**
 * What the pixel evidence adds to the encode stage per image, against the decode and preprocessing it rides on:
 * 640x480 and 4000x3000 JPEGs, decoded as the indexer does for a 224 px model (DCT-reduced while the shorter side
 * stays >= 448). One thread. A measurement, not a test: {@code ./mvnw test -pl indexer -am
 * -Dtest=EvidenceCostMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class EvidenceCostMeasurement {

    @Test
    void measure() throws Exception {
        measure(640, 480, 400);
        measure(4000, 3000, 30);
    }

    private static void measure(int width, int height, int rounds) throws Exception {
        byte[] jpeg = SyntheticImages.jpeg(width, height, 7);
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessSpec.clip(224));
        EvidenceMaker maker = new EvidenceMaker(3.0);
        long decodeNanos = 0;
        long evidenceNanos = 0;
        ImageEvidence last = null;
        int warmup = rounds / 4;
        for (int i = 0; i < rounds + warmup; i++) {
            long t0 = System.nanoTime();
            DecodedImage decoded = decoder.decode(jpeg, 448);
            RgbImage window = preprocessor.resizeAndCrop(decoded.image());
            long t1 = System.nanoTime();
            last = maker.make(jpeg, decoded.image(), window);
            long t2 = System.nanoTime();
            if (i >= warmup) {
                decodeNanos += t1 - t0;
                evidenceNanos += t2 - t1;
            }
        }
        System.out.printf("%dx%d JPEG (%d KiB): decode + resize %.2f ms, evidence %.3f ms (%.1f %% more) per image%n",
                width, height, jpeg.length / 1024, decodeNanos / 1e6 / rounds, evidenceNanos / 1e6 / rounds,
                100.0 * evidenceNanos / decodeNanos);
        assertThat(last.degenerate()).isFalse();
    }
}
