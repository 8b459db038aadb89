package io.clipstream.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.NodeList;

/** Baseline JPEG with explicit 4:2:0 chroma subsampling, and a check of what a file actually uses. */
final class JpegFiles {

    private JpegFiles() {
    }

    /** {@code quality} 0..1, luma sampled 2×2 against each chroma sample: what cameras and phones write. */
    static byte[] write420(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            forceSubsampling420(metadata);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The JDK writer's default is 4:2:0 already; set it anyway so that a different default cannot creep in. */
    private static void forceSubsampling420(IIOMetadata metadata) throws IOException {
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        NodeList components = root.getElementsByTagName("componentSpec");
        for (int i = 0; i < components.getLength(); i++) {
            IIOMetadataNode c = (IIOMetadataNode) components.item(i);
            String factor = i == 0 ? "2" : "1";
            c.setAttribute("HsamplingFactor", factor);
            c.setAttribute("VsamplingFactor", factor);
        }
        metadata.setFromTree(format, root);
    }

    /**
     * The chroma subsampling of a JPEG from its frame header: "4:2:0", "4:2:2", "4:4:4", "gray" or the raw
     * factors ("2x1,1x1,1x1") for anything else.
     */
    static String chromaSubsampling(byte[] jpeg) {
        int i = 2;
        while (i + 9 < jpeg.length) {
            if ((jpeg[i] & 0xff) != 0xff) {
                throw new IllegalArgumentException("not a JPEG marker at " + i);
            }
            int marker = jpeg[i + 1] & 0xff;
            int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
            if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
                int n = jpeg[i + 9] & 0xff;
                if (n == 1) {
                    return "gray";
                }
                StringBuilder factors = new StringBuilder();
                for (int c = 0; c < n; c++) {
                    int hv = jpeg[i + 11 + 3 * c] & 0xff;
                    factors.append(c == 0 ? "" : ",").append(hv >> 4).append('x').append(hv & 0xf);
                }
                return switch (factors.toString()) {
                    case "2x2,1x1,1x1" -> "4:2:0";
                    case "2x1,1x1,1x1" -> "4:2:2";
                    case "1x1,1x1,1x1" -> "4:4:4";
                    default -> factors.toString();
                };
            }
            i += 2 + length;
        }
        throw new IllegalArgumentException("no frame header found");
    }
}
