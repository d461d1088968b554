package dev.renditions.imaging;

import dev.renditions.core.errors.TransientException;
import dev.renditions.core.spec.OutputFormat;
import dev.renditions.core.spec.Rendition;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes a finished raster. JPEG: libjpeg-turbo through {@link NativeJpeg} when it is available and allowed, else the
 * JDK's encoder (also libjpeg); either way 4:2:0 chroma subsampling, the rendition's quality, progressive or optimised
 * baseline, JFIF header only. PNG: the JDK's encoder, alpha kept. No metadata from the source
 * reaches an output (no EXIF, GPS, maker notes, ICC: outputs are sRGB). The same pixels always give the same bytes.
 * The two JPEG encoders write the same data except at some qualities (85, and most below 50), where ImageIO's float
 * quality scaling rounds some quantisation table entries one step lower than libjpeg's.
 */
final class Encoder {
    private Encoder() {}

    /**
     * @param nativeJpeg whether a JPEG may be encoded by libjpeg-turbo through {@link NativeJpeg} (when it is
     *     available)
     */
    static byte[] encode(Raster8 raster, Rendition r, boolean nativeJpeg) {
        try {
            if (r.format() != OutputFormat.JPEG) {
                return png(raster);
            }
            Raster8 rgb = raster.flatten(r.backgroundRgb());
            return nativeJpeg && NativeJpeg.available()
                    ? NativeJpeg.encode(rgb, r.quality(), r.progressive())
                    : jpeg(rgb, r);
        } catch (IOException e) {
            throw new TransientException(
                    TransientException.INTERNAL,
                    "could not encode " + r.format().jsonName() + ": " + e.getMessage(),
                    e);
        }
    }

    private static byte[] jpeg(Raster8 rgb, Rendition r) throws IOException {
        BufferedImage img = bgr(rgb);
        ImageWriter writer = jdkWriter("jpeg");
        try {
            JPEGImageWriteParam p = (JPEGImageWriteParam) writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(r.quality() / 100f);
            if (r.progressive()) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            } else {
                p.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
                p.setOptimizeHuffmanTables(true);
            }
            return write(writer, img, p, rgb.data.length / 8 + 1024);
        } finally {
            writer.dispose();
        }
    }

    private static byte[] png(Raster8 raster) throws IOException {
        BufferedImage img;
        if (raster.channels == 4 && raster.anyTransparent()) {
            img = new BufferedImage(raster.width, raster.height, BufferedImage.TYPE_4BYTE_ABGR);
            byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            byte[] s = raster.data;
            for (int i = 0; i < s.length; i += 4) {
                int a = s[i + 3] & 0xFF;
                d[i] = (byte) a;
                if (a == 0) {
                    d[i + 1] = d[i + 2] = d[i + 3] = 0;
                } else {
                    d[i + 1] = (byte) Math.min(255, ((s[i + 2] & 0xFF) * 255 + a / 2) / a);
                    d[i + 2] = (byte) Math.min(255, ((s[i + 1] & 0xFF) * 255 + a / 2) / a);
                    d[i + 3] = (byte) Math.min(255, ((s[i] & 0xFF) * 255 + a / 2) / a);
                }
            }
        } else {
            img = bgr(raster.flatten(0));
        }
        ImageWriter writer = jdkWriter("png");
        try {
            return write(writer, img, writer.getDefaultWriteParam(), raster.data.length / 2 + 1024);
        } finally {
            writer.dispose();
        }
    }

    /** An RGB raster as the JDK encoders' native layout, TYPE_3BYTE_BGR. */
    private static BufferedImage bgr(Raster8 rgb) {
        BufferedImage img = new BufferedImage(rgb.width, rgb.height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] d = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] s = rgb.data;
        for (int i = 0; i < s.length; i += 3) {
            d[i] = s[i + 2];
            d[i + 1] = s[i + 1];
            d[i + 2] = s[i];
        }
        return img;
    }

    private static byte[] write(ImageWriter writer, BufferedImage img, ImageWriteParam p, int sizeHint)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        }
        return bytes.toByteArray();
    }

    /** The JDK's own writer (not a plugin's), for predictable output. */
    private static ImageWriter jdkWriter(String format) {
        Decoder.ImageIoSetup.ensure();
        ImageWriter any = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.imageio")) {
                return w;
            }
            if (any == null) {
                any = w;
            }
        }
        if (any == null) {
            throw new IllegalStateException("no " + format.toUpperCase(Locale.ROOT) + " writer available");
        }
        return any;
    }
}
