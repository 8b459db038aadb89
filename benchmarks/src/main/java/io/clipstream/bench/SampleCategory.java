package io.clipstream.bench;

import java.util.List;
import java.util.Optional;

/**
 * Where a CPU sample of the indexer belongs, decided by the top-most frame of its stack that belongs to a known
 * category: a sample in {@code Arrays.fill} under {@code BicubicResampler} is resampling, one in native
 * {@code JPEGImageReader.readImage} is JPEG decoding. GC is not here: GC threads are not sampled, their pauses
 * come from GC events.
 */
enum SampleCategory {
    JPEG_DECODE("JPEG decode (ImageIO, TwelveMonkeys, JNI codecs, colour conversion)"),
    RESAMPLE("resample (BicubicResampler)"),
    TENSOR("normalise / tensor assembly / batching"),
    ONNX("ONNX Runtime (ai.onnxruntime)"),
    THUMBNAIL("thumbnail: downscale and JPEG encoding (ThumbnailMaker, BoxReducer, JpegEncoder)"),
    JSON("base64 / JSON / event codecs"),
    KAFKA("Kafka clients (org.apache.kafka)"),
    MESSAGING("SmallRye / Vert.x / Netty / Quarkus"),
    OTHER("other");

    final String label;

    SampleCategory(String label) {
        this.label = label;
    }

    /** A frame of a sample's stack, top first. */
    record Frame(String className, String method) {

        /** {@code Outer.Inner.method}: the class without its package. */
        String label() {
            int dot = className.lastIndexOf('.');
            return className.substring(dot + 1).replace('$', '.') + "." + method;
        }
    }

    /** The category and the frame that decided it; OTHER with the top frame when no frame is known. */
    record Classified(SampleCategory category, Frame frame) {
    }

    static Classified classify(List<Frame> topFirst) {
        for (Frame f : topFirst) {
            Optional<SampleCategory> c = of(f);
            if (c.isPresent()) {
                return new Classified(c.get(), f);
            }
        }
        return new Classified(OTHER, topFirst.isEmpty() ? new Frame("?", "?") : topFirst.getFirst());
    }

    /** The resampler's classes: it is split into passes, each with its own class. */
    private static final java.util.Set<String> RESAMPLER = java.util.Set.of("BicubicResampler", "HorizontalPass",
            "VerticalPass", "WeightedLineSum", "ResampleScratch", "BicubicCoefficients");

    static Optional<SampleCategory> of(Frame f) {
        String c = f.className();
        String m = f.method();
        if (c.startsWith("io.clipstream.indexer.thumbnail.") || c.contains("ImageWriter")
                || c.contains("ImageOutputStream") || c.equals("io.clipstream.model.image.JpegEncoder")
                || m.equals("imencode") || m.equals("cvtColor")) {
            return Optional.of(THUMBNAIL);
        }
        if (c.startsWith("com.sun.imageio.") || c.startsWith("javax.imageio.") || c.startsWith("com.twelvemonkeys.")
                || c.startsWith("org.bytedeco.") || c.startsWith("org.opencv.")) {
            return Optional.of(JPEG_DECODE);
        }
        String image = "io.clipstream.model.image.";
        if (c.startsWith(image) && RESAMPLER.contains(c.substring(image.length()).split("\\$")[0])
                || c.equals(image + "ImagePreprocessor") && !m.equals("toChw") && !m.equals("toTensor")
                && !m.equals("preprocessInto") && !m.equals("preprocess")) {
            return Optional.of(RESAMPLE);
        }
        if (c.equals(image + "ImagePreprocessor")) {
            return Optional.of(TENSOR);
        }
        if (c.startsWith(image)) {
            return Optional.of(JPEG_DECODE);
        }
        if (c.startsWith("ai.onnxruntime.")) {
            return Optional.of(ONNX);
        }
        if (c.startsWith("io.clipstream.model.") || c.equals("io.clipstream.indexer.encode.EncoderService")) {
            return Optional.of(TENSOR);
        }
        if (c.equals("java.util.Base64") || c.startsWith("java.util.Base64$") || c.startsWith("com.fasterxml.jackson.")
                || c.startsWith("io.vertx.core.json.") || c.startsWith("io.clipstream.events.")) {
            return Optional.of(JSON);
        }
        if (c.startsWith("org.apache.kafka.")) {
            return Optional.of(KAFKA);
        }
        if (c.startsWith("io.smallrye.") || c.startsWith("io.vertx.") || c.startsWith("io.netty.")
                || c.startsWith("io.quarkus.")) {
            return Optional.of(MESSAGING);
        }
        return Optional.empty();
    }
}
