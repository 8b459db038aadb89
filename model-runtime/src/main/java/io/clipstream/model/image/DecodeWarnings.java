package io.clipstream.model.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Collects reader warnings. ImageIO reports some data damage only as a warning and returns an image anyway
 * (libjpeg pads a truncated JPEG with grey), so the warnings that mean "pixels are missing or garbage" are
 * promoted to {@link ImageDecodeException.Reason#CORRUPT}; the rest are merely informational.
 */
final class DecodeWarnings implements IIOReadWarningListener {

    private final List<String> fatal = new ArrayList<>();
    private final List<String> other = new ArrayList<>();

    @Override
    public void warningOccurred(ImageReader source, String warning) {
        String text = warning == null ? "(no message)" : warning;
        (isFatal(text) ? fatal : other).add(text);
    }

    /**
     * Truncation ("Premature end of JPEG file", TwelveMonkeys' "Missing EOI marker": Pillow refuses both as
     * "image file is truncated") and damaged entropy-coded data ("Corrupt JPEG data: ..."). Stray bytes between
     * markers ("N extraneous bytes before marker") are common in camera files, harmless, and accepted by Pillow.
     */
    static boolean isFatal(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        if (w.contains("extraneous bytes")) {
            return false;
        }
        return w.contains("premature end") || w.contains("truncated") || w.contains("missing eoi")
                || w.contains("corrupt");
    }

    List<String> fatal() {
        return fatal;
    }

    List<String> other() {
        return other;
    }
}
