package io.clipstream.model.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * The one ImageIO reader provider used per format, chosen once instead of trusting registry order per call:
 * TwelveMonkeys for JPEG (CMYK/YCCK, broken-marker tolerance) and WebP (the JDK has none), the JDK's own
 * readers for PNG, GIF and BMP.
 */
final class ImageReaderProviders {

    private static final String JDK_PLUGIN_PACKAGE = "com.sun.imageio.plugins.";

    private final Map<ImageFormat, ImageReaderSpi> providers;

    private ImageReaderProviders(Map<ImageFormat, ImageReaderSpi> providers) {
        this.providers = providers;
    }

    static ImageReaderProviders discover() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        Map<ImageFormat, ImageReaderSpi> map = new EnumMap<>(ImageFormat.class);
        map.put(ImageFormat.JPEG, twelveMonkeys(registry, JPEGImageReaderSpi.class, JPEGImageReaderSpi::new));
        map.put(ImageFormat.WEBP, twelveMonkeys(registry, WebPImageReaderSpi.class, WebPImageReaderSpi::new));
        map.put(ImageFormat.PNG, jdkReader(registry, "png"));
        map.put(ImageFormat.GIF, jdkReader(registry, "gif"));
        map.put(ImageFormat.BMP, jdkReader(registry, "bmp"));
        return new ImageReaderProviders(map);
    }

    /**
     * The registry normally already holds the TwelveMonkeys provider (found via META-INF/services); where the
     * service scan missed it (unusual class loaders) we register it ourselves, which also lets it find the JDK
     * JPEG reader it delegates baseline/progressive decoding to.
     */
    private static <T extends ImageReaderSpi> ImageReaderSpi twelveMonkeys(
            IIORegistry registry, Class<T> type, java.util.function.Supplier<T> factory) {
        T spi = registry.getServiceProviderByClass(type);
        if (spi == null) {
            registry.registerServiceProvider(factory.get(), ImageReaderSpi.class);
            spi = registry.getServiceProviderByClass(type);
        }
        if (spi == null) {
            throw new IllegalStateException("could not register ImageIO provider " + type.getName());
        }
        return spi;
    }

    private static ImageReaderSpi jdkReader(IIORegistry registry, String formatName) {
        ImageReaderSpi fallback = null;
        Iterator<ImageReaderSpi> it = registry.getServiceProviders(ImageReaderSpi.class, true);
        while (it.hasNext()) {
            ImageReaderSpi spi = it.next();
            boolean handles = Arrays.stream(spi.getFormatNames())
                    .anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(formatName));
            if (!handles) {
                continue;
            }
            if (spi.getClass().getName().startsWith(JDK_PLUGIN_PACKAGE)) {
                return spi;
            }
            if (fallback == null) {
                fallback = spi;
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("no ImageIO reader for " + formatName + " is available");
        }
        return fallback;
    }

    /** A fresh reader: ImageReader instances are stateful and not thread-safe, so each decode gets its own. */
    ImageReader create(ImageFormat format) throws IOException {
        return providers.get(format).createReaderInstance();
    }

    /** Provider class per format, for diagnostics and tests. */
    String providerClass(ImageFormat format) {
        return providers.get(format).getClass().getName();
    }
}
