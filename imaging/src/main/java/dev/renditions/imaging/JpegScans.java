package dev.renditions.imaging;

/**
 * Counts a JPEG's scans (SOS markers) by walking its marker segments and skipping entropy-coded data, without decoding.
 * Each scan costs the decoder a pass over every coefficient, so a small file of thousands of empty progressive scans
 * decodes for minutes; the decoders refuse more than {@link #MAX_SCANS} (the native one counts them itself).
 */
final class JpegScans {
    /** The most scans a JPEG may have; the native decoder's MAX_SCANS (renditions_jpeg.c) is the same. */
    static final int MAX_SCANS = 500;

    private JpegScans() {}

    /** True when {@code jpeg} has more than {@code limit} scans; stops counting there. A malformed walk ends early. */
    static boolean exceeds(byte[] jpeg, int limit) {
        int n = jpeg.length;
        int pos = 2; // after SOI
        int scans = 0;
        while (pos + 3 < n) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                return false; // not at a marker: let the decoder report it
            }
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (marker == 0xD9) {
                return false; // EOI
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                pos += 2; // markers without a length
                continue;
            }
            int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            pos += 2 + length;
            if (marker == 0xDA) {
                if (++scans > limit) {
                    return true;
                }
                pos = afterEntropyData(jpeg, pos);
            }
        }
        return false;
    }

    /** The position of the first marker after the entropy-coded data that starts at {@code pos}. */
    private static int afterEntropyData(byte[] jpeg, int pos) {
        int n = jpeg.length - 1;
        while (pos < n) {
            if (jpeg[pos] == (byte) 0xFF) {
                int next = jpeg[pos + 1] & 0xFF;
                // 0xFF00 is a stuffed 0xFF, 0xFFD0-D7 restart markers, 0xFFFF fill: all part of the data
                if (next != 0x00 && (next < 0xD0 || next > 0xD7) && next != 0xFF) {
                    return pos;
                }
                pos += next == 0xFF ? 1 : 2;
            } else {
                pos++;
            }
        }
        return jpeg.length;
    }
}
