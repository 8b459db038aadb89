package io.clipstream.model.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.clipstream.model.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.jboss.logging.Logger;

/**
 * Opens ONNX Runtime sessions on the best execution provider the settings allow: CUDA when available and
 * wanted, otherwise CPU with a logged reason, or a start-up failure when a GPU is required.
 */
public final class SessionFactory {

    private static final Logger LOG = Logger.getLogger(SessionFactory.class);
    private static final long INIT_STACK_BYTES = 16L << 20;
    private static volatile OrtEnvironment environment;

    private SessionFactory() {
    }

    /**
     * The process-wide ONNX Runtime environment. Creating it needs more than the default 1 MiB thread stack
     * (ONNX Runtime 1.29 crashes the JVM with SIGSEGV from a 1 MiB stack), so it is created once on a thread
     * with a large stack, whatever thread asks first.
     */
    public static OrtEnvironment environment() {
        OrtEnvironment env = environment;
        if (env != null) {
            return env;
        }
        synchronized (SessionFactory.class) {
            if (environment == null) {
                OrtEnvironment[] created = new OrtEnvironment[1];
                RuntimeException[] failure = new RuntimeException[1];
                Thread init = new Thread(null, () -> {
                    try {
                        created[0] = OrtEnvironment.getEnvironment();
                    } catch (RuntimeException e) {
                        failure[0] = e;
                    }
                }, "onnxruntime-init", INIT_STACK_BYTES);
                init.start();
                try {
                    init.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ModelLoadException("interrupted while loading ONNX Runtime", e);
                }
                if (failure[0] != null) {
                    throw new ModelLoadException("cannot load ONNX Runtime: " + failure[0].getMessage(), failure[0]);
                }
                environment = created[0];
            }
            return environment;
        }
    }

    /** A session and the execution provider it runs on, e.g. "CUDA:0" or "CPU". */
    public record OpenedSession(OrtSession session, String executionProvider) {
    }

    /** Builds an encoder from a validated session. */
    @FunctionalInterface
    public interface EncoderFactory<T> {
        T create(OpenedSession session, GraphContract.Binding binding);
    }

    /**
     * Opens {@code model}, checks it against {@code contract} and builds an encoder on it; the session is closed
     * again if the check or the encoder's own start-up checks fail.
     */
    public static <T> T openEncoder(Path model, ExecutionSettings settings, GraphContract contract,
                                    EncoderFactory<T> factory) {
        OpenedSession opened = open(model, settings);
        try {
            return factory.create(opened, contract.validate(opened.session(), model));
        } catch (RuntimeException e) {
            try {
                opened.session().close();
            } catch (OrtException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /** Whether a session opened with {@code settings} will try CUDA first (it may still fall back to CPU). */
    public static boolean cudaWanted(ExecutionSettings settings) {
        return settings.device() != Device.CPU && OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    public static OpenedSession open(Path model, ExecutionSettings settings) {
        if (!Files.isRegularFile(model)) {
            throw new ModelLoadException("ONNX model file " + model + " does not exist");
        }
        OrtEnvironment env = environment();
        if (settings.device() != Device.CPU) {
            EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
            if (available.contains(OrtProvider.CUDA)) {
                try {
                    return new OpenedSession(create(env, model, settings, true), "CUDA:" + settings.gpuDeviceId());
                } catch (OrtException e) {
                    fallback(settings, model, "CUDA is present in this build but unusable here: " + e.getMessage());
                }
            } else {
                fallback(settings, model, "this ONNX Runtime build has no CUDA execution provider (available: "
                        + available + "; build with -Pgpu for the CUDA one)");
            }
        }
        try {
            return new OpenedSession(create(env, model, settings, false), "CPU");
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load " + model + ": " + e.getMessage(), e);
        }
    }

    private static void fallback(ExecutionSettings settings, Path model, String reason) {
        if (settings.requireGpu()) {
            throw new ModelLoadException("require-gpu is set but " + reason);
        }
        if (settings.device() == Device.CUDA) {
            LOG.warnf("%s: CUDA was requested but %s; running on CPU", model.getFileName(), reason);
        } else {
            LOG.infof("%s: running on CPU because %s", model.getFileName(), reason);
        }
    }

    private static OrtSession create(OrtEnvironment env, Path model, ExecutionSettings settings, boolean cuda)
            throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.interOpThreads() > 0) {
                options.setInterOpNumThreads(settings.interOpThreads());
            }
            if (!settings.spinWait()) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
            }
            if (cuda) {
                options.addCUDA(settings.gpuDeviceId());
            }
            return env.createSession(model.toString(), options);
        }
    }
}
