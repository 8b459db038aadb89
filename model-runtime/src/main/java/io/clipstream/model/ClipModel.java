package io.clipstream.model;

import ai.onnxruntime.OrtException;
import io.clipstream.model.image.ImagePreprocessor;
import io.clipstream.model.image.PreprocessSpec;
import io.clipstream.model.image.RgbImage;
import io.clipstream.model.onnx.ImageEncoder;
import io.clipstream.model.onnx.TextEncoder;
import io.clipstream.model.text.TextTokenizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * An opened CLIP or SigLIP model: its descriptor, the preprocessing its vision tower expects, and the towers
 * asked for. Thread-safe.
 */
public final class ClipModel implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClipModel.class);

    private final ModelDescriptor descriptor;
    private final ImagePreprocessor preprocessor;
    private final ImageEncoder vision;
    private final TextEncoder text;

    private ClipModel(ModelDescriptor descriptor, ImageEncoder vision, TextEncoder text) {
        this.descriptor = descriptor;
        this.preprocessor = new ImagePreprocessor(descriptor.preprocess());
        this.vision = vision;
        this.text = text;
    }

    public static ClipModel open(Path directory, ModelOptions options) {
        ModelDescriptor descriptor = ModelDirectory.open(directory, options.variant(), options.modelId());
        ImageEncoder vision = null;
        TextEncoder text = null;
        try {
            if (options.towers().contains(Tower.VISION)) {
                PreprocessSpec spec = descriptor.preprocess();
                vision = ImageEncoder.open(descriptor.visionModel(),
                        GraphContracts.of(descriptor.layout(), descriptor.family(), Tower.VISION),
                        options.execution(), spec);
            }
            if (options.towers().contains(Tower.TEXT)) {
                TextTokenizer tokenizer = TextTokenizer.open(descriptor.tokenizer(), descriptor.text());
                try {
                    text = TextEncoder.open(descriptor.textModel(),
                            GraphContracts.of(descriptor.layout(), descriptor.family(), Tower.TEXT),
                            options.execution(), tokenizer, descriptor.family() == ModelFamily.CLIP);
                } catch (RuntimeException e) {
                    tokenizer.close();
                    throw e;
                }
            }
            if (vision != null && text != null && vision.dims() != text.dims()) {
                throw new ModelLoadException("the vision tower of " + directory + " makes " + vision.dims()
                        + "-d vectors but the text tower " + text.dims() + "-d ones");
            }
        } catch (RuntimeException e) {
            closeAll(e, vision, text);
            throw e;
        }
        ClipModel model = new ClipModel(descriptor, vision, text);
        LOG.infof("model %s (%s, %s layout) ready: %d-d vectors, vision on %s, text on %s", descriptor.modelId(),
                descriptor.family(), descriptor.layout(), model.dims(),
                vision == null ? "-" : vision.executionProvider(), text == null ? "-" : text.executionProvider());
        return model;
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    public int dims() {
        return vision != null ? vision.dims() : text.dims();
    }

    public ImageEncoder vision() {
        if (vision == null) {
            throw new IllegalStateException("the vision tower of " + descriptor.modelId() + " was not opened");
        }
        return vision;
    }

    public TextEncoder text() {
        if (text == null) {
            throw new IllegalStateException("the text tower of " + descriptor.modelId() + " was not opened");
        }
        return text;
    }

    public Optional<String> visionProvider() {
        return Optional.ofNullable(vision).map(ImageEncoder::executionProvider);
    }

    /** Convenience for one image: preprocess and encode. Batch through {@link #vision()} on hot paths. */
    public float[] embedImage(RgbImage image) throws OrtException {
        ImageEncoder encoder = vision();
        ByteBuffer slot = ByteBuffer.allocateDirect(encoder.bytesPerImage()).order(ByteOrder.nativeOrder());
        preprocessor.toTensor(preprocessor.resizeAndCrop(image), encoder.pixelFormat(), slot, 0);
        return encoder.encode(slot, 1).getFirst();
    }

    public float[][] embedTexts(List<String> texts) throws OrtException {
        return text().encode(texts);
    }

    @Override
    public void close() {
        RuntimeException failure = new RuntimeException("closing model " + descriptor.modelId());
        closeAll(failure, vision, text);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void closeAll(Exception primary, AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    primary.addSuppressed(e);
                }
            }
        }
    }
}
