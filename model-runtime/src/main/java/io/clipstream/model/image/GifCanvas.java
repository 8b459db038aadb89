package io.clipstream.model.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;

import javax.imageio.metadata.IIOMetadata;

import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Places a GIF's first frame on its logical screen the way Pillow does. ImageIO returns only the frame
 * rectangle; Pillow returns the whole screen (grown to fit the frame if the frame sticks out), with the area
 * outside the frame filled with the frame's transparent index, or index 0 when there is none, then mapped
 * through the palette by {@code convert("RGB")}.
 */
final class GifCanvas {

    private static final String NATIVE_FORMAT = "javax_imageio_gif_image_1.0";

    /** Frame position and the palette index Pillow fills the rest of the canvas with. */
    record Frame(int left, int top, int fillIndex) {
    }

    private GifCanvas() {
    }

    /** Logical screen width/height from the GIF header (bytes 6..9, little-endian). */
    static int screenWidth(byte[] gif) {
        return (gif[6] & 0xFF) | ((gif[7] & 0xFF) << 8);
    }

    static int screenHeight(byte[] gif) {
        return (gif[8] & 0xFF) | ((gif[9] & 0xFF) << 8);
    }

    /** Frame offset and fill index from the reader's native metadata for image 0. */
    static Frame frame(IIOMetadata metadata) {
        int left = 0;
        int top = 0;
        int fill = 0;
        Node root = metadata.getAsTree(NATIVE_FORMAT);
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            NamedNodeMap attrs = n.getAttributes();
            if ("ImageDescriptor".equals(n.getNodeName())) {
                left = intAttr(attrs, "imageLeftPosition");
                top = intAttr(attrs, "imageTopPosition");
            } else if ("GraphicControlExtension".equals(n.getNodeName())
                    && "TRUE".equalsIgnoreCase(attrs.getNamedItem("transparentColorFlag").getNodeValue())) {
                fill = intAttr(attrs, "transparentColorIndex");
            }
        }
        return new Frame(left, top, fill);
    }

    /** The first frame on its canvas, as RGB. {@code frameRgb} is the frame alone, already converted. */
    static RgbImage compose(RgbImage frameRgb, BufferedImage frameImage, Frame frame, int canvasW, int canvasH) {
        byte r = 0;
        byte g = 0;
        byte b = 0;
        if (frameImage.getColorModel() instanceof IndexColorModel icm && frame.fillIndex() < icm.getMapSize()) {
            int argb = icm.getRGB(frame.fillIndex());
            r = (byte) (argb >>> 16);
            g = (byte) (argb >>> 8);
            b = (byte) argb;
        }
        byte[] out = new byte[canvasW * canvasH * 3];
        for (int i = 0; i < out.length; i += 3) {
            out[i] = r;
            out[i + 1] = g;
            out[i + 2] = b;
        }
        int fw = frameRgb.width();
        byte[] src = frameRgb.rgb();
        for (int y = 0; y < frameRgb.height(); y++) {
            System.arraycopy(src, y * fw * 3, out, ((frame.top() + y) * canvasW + frame.left()) * 3, fw * 3);
        }
        return new RgbImage(canvasW, canvasH, out);
    }

    private static int intAttr(NamedNodeMap attrs, String name) {
        Node n = attrs.getNamedItem(name);
        return n == null ? 0 : Integer.parseInt(n.getNodeValue());
    }
}
