package dev.renditions.imaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Rewrites a JPEG's header without the segments a decoder does not need for pixels: every APPn except APP0 (JFIF)
 * and APP14 (Adobe colour transform), and COM. Dropping the APP2 ICC profile is what lets the decoder hand back the
 * stored RGB without a full-resolution colour conversion; the caller converts after shrinking when the profile is
 * not sRGB-equivalent. Everything from the first SOS on passes through unchanged.
 */
final class JpegHeaderFilter {
    private JpegHeaderFilter() {}

    static InputStream strip(InputStream in) throws IOException {
        DataInputStream din = new DataInputStream(in);
        ByteArrayOutputStream head = new ByteArrayOutputStream(4096);
        int soi1 = din.read();
        int soi2 = din.read();
        if (soi1 != 0xFF || soi2 != 0xD8) {
            throw new IOException("not a JPEG: no SOI marker");
        }
        head.write(0xFF);
        head.write(0xD8);
        try {
            while (true) {
                int b = din.readUnsignedByte();
                if (b != 0xFF) {
                    // Not at a marker: hand the rest to the decoder as it is and let it judge.
                    head.write(b);
                    break;
                }
                int m = din.readUnsignedByte();
                while (m == 0xFF) {
                    m = din.readUnsignedByte();
                }
                if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) {
                    head.write(0xFF);
                    head.write(m);
                    continue;
                }
                if (m == 0xD9) {
                    head.write(0xFF);
                    head.write(m);
                    break;
                }
                int len = din.readUnsignedShort();
                boolean drop = (m >= 0xE1 && m <= 0xEF && m != 0xEE) || m == 0xFE;
                if (m == 0xDA || !drop) {
                    head.write(0xFF);
                    head.write(m);
                    head.write(len >> 8);
                    head.write(len & 0xFF);
                    if (m == 0xDA) {
                        break; // the SOS header and the scan follow in the raw stream
                    }
                    byte[] payload = new byte[Math.max(0, len - 2)];
                    din.readFully(payload);
                    head.write(payload);
                } else {
                    din.skipNBytes(Math.max(0, len - 2));
                }
            }
        } catch (EOFException e) {
            // Truncated header: give the decoder what there is; it reports the damage.
        }
        return new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()), din);
    }
}
