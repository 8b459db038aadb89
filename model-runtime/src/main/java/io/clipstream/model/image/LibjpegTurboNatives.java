package io.clipstream.model.image;

import java.util.Optional;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.jboss.logging.Logger;

/**
 * Loads OpenCV's imgcodecs natives (with the libjpeg-turbo they bundle) once per JVM. JavaCPP extracts them from
 * the {@code linux-x86_64} classifier jars into its cache directory ({@code org.bytedeco.javacpp.cachedir},
 * default {@code ~/.javacpp/cache}) on first use.
 *
 * <p>Where that fails (another OS or CPU architecture, no writable cache directory, a missing native library)
 * one WARN line names the cause and {@link #available()} stays false for the life of the JVM, so every JPEG takes
 * the ImageIO path.
 */
final class LibjpegTurboNatives {

    private static final Logger LOG = Logger.getLogger(LibjpegTurboNatives.class);

    private LibjpegTurboNatives() {
    }

    /** Holder idiom: the first caller pays for the load, later callers read a final field. */
    private static final class State {
        static final Optional<String> FAILURE = load();
    }

    /** Whether the natives are loaded and the fast path may be used. */
    static boolean available() {
        return State.FAILURE.isEmpty();
    }

    /** Why loading failed, when it did. */
    static Optional<String> failure() {
        return State.FAILURE;
    }

    private static Optional<String> load() {
        try {
            Loader.load(opencv_imgcodecs.class);
            // One decode per caller thread is the design (the indexer runs one per core): OpenCV's own pool would
            // only oversubscribe the cores. 0 = run everything on the calling thread.
            opencv_core.setNumThreads(0);
            return Optional.empty();
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError, or JavaCPP's own
            // RuntimeException when it cannot extract: all mean "no natives on this machine".
            String cause = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warnf("libjpeg-turbo (OpenCV natives for %s) could not be loaded, every JPEG is decoded through "
                    + "ImageIO instead: %s", Loader.getPlatform(), cause);
            return Optional.of(cause);
        }
    }
}
